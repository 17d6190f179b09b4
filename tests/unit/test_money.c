/*
 * test_money: the money scanner against a table of sentences written in the
 * style of the digests (Chinese and English news summaries, headlines,
 * Markdown), each with the amount it must find (or none), plus robustness
 * and decimal-arithmetic checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "testutil.h"

#include "../money_reference.h" /* ref_money_scan: the scanner without its prefilter */

/* One row: `text` holds `n` amounts; the one written exactly as `expr`
 * (first occurrence) must have these fields. n == 0: nothing is money. */
typedef struct {
  const char *text;
  int n;
  const char *expr;
  const char *value;
  const char *high; /* NULL: not a range */
  const char *currency;
  int price;
  const char *qualifier;
} row;

static const row rows[] = {
    /* Chinese: plain amounts with magnitudes */
    {"智谱宣布完成新一轮融资，金额为250亿美元。", 1, "250亿美元", "25000000000", NULL, "USD", 0, ""},
    {"报道称该实验室估值已达1万亿美元。", 1, "1万亿美元", "1000000000000", NULL, "USD", 0, ""},
    {"公司去年营收3800亿元，同比增长12%。", 1, "3800亿元", "380000000000", NULL, "CNY", 0, ""},
    {"这家初创公司获得4290万美元A轮融资。", 1, "4290万美元", "42900000", NULL, "USD", 0, ""},
    {"微软计划投入 800 亿美元建设数据中心。", 1, "800 亿美元", "80000000000", NULL, "USD", 0, ""},
    {"英伟达以 50 亿美元入股一家芯片设计公司。", 1, "50 亿美元", "5000000000", NULL, "USD", 0, ""},
    {"该项目总投资 1.5 万亿元，覆盖全国算力网络。", 1, "1.5 万亿元", "1500000000000", NULL, "CNY", 0, ""},
    {"平台本季度净利润为 12.35 亿元。", 1, "12.35 亿元", "1235000000", NULL, "CNY", 0, ""},
    {"新基金规模达 3000 万美元，专投早期 AI 项目。", 1, "3000 万美元", "30000000", NULL, "USD", 0, ""},
    {"这台设备售价 1999 元，下周开卖。", 1, "1999 元", "1999", NULL, "CNY", 0, ""},
    {"政府拨款 5 亿元支持本地大模型企业。", 1, "5 亿元", "500000000", NULL, "CNY", 0, ""},
    {"该公司市值蒸发 2000 亿美元。", 1, "2000 亿美元", "200000000000", NULL, "USD", 0, ""},
    {"数据中心项目预算为 0.8 亿美元。", 1, "0.8 亿美元", "80000000", NULL, "USD", 0, ""},
    {"据悉，此次收购对价为 12 亿港元。", 1, "12 亿港元", "1200000000", NULL, "HKD", 0, ""},
    {"公司在港交所募资 43 亿港币。", 1, "43 亿港币", "4300000000", NULL, "HKD", 0, ""},
    {"欧盟对该公司处以 8.9 亿欧元罚款。", 1, "8.9 亿欧元", "890000000", NULL, "EUR", 0, ""},
    {"英国政府追加 1.5 亿英镑 AI 安全预算。", 1, "1.5 亿英镑", "150000000", NULL, "GBP", 0, ""},
    {"软银向该基金追加 3 万亿日元。", 1, "3 万亿日元", "3000000000000", NULL, "JPY", 0, ""},
    {"三星计划投资 450 万亿韩元扩建晶圆厂。", 1, "450 万亿韩元", "450000000000000", NULL, "KRW", 0, ""},
    {"印度政府批准 1000 亿卢比的 AI 计划。", 1, "1000 亿卢比", "100000000000", NULL, "INR", 0, ""},
    {"台积电宣布 1000 亿新台币的扩产计划。", 1, "1000 亿新台币", "100000000000", NULL, "TWD", 0, ""},
    {"新加坡拨出 5 亿新加坡元发展 AI。", 1, "5 亿新加坡元", "500000000", NULL, "SGD", 0, ""},
    {"加拿大投入 24 亿加元支持算力建设。", 1, "24 亿加元", "2400000000", NULL, "CAD", 0, ""},
    {"澳洲一家公司融资 3000 万澳元。", 1, "3000 万澳元", "30000000", NULL, "AUD", 0, ""},
    {"瑞士公司获得 2000 万瑞士法郎投资。", 1, "2000 万瑞士法郎", "20000000", NULL, "CHF", 0, ""},
    {"该团队获得了 500 万美金的天使投资。", 1, "500 万美金", "5000000", NULL, "USD", 0, ""},
    {"他说这个月在 API 上花了 300 刀。", 1, "300 刀", "300", NULL, "USD", 0, ""},
    {"每个信封的成本只有 3 美分。", 1, "每个信封的成本只有 3 美分", "0.03", NULL, "USD", 1, ""},
    {"当时一个 30M 的流量包要 5 块钱。", 1, "5 块钱", "5", NULL, "CNY", 0, ""},
    {"公司拟以 1.15 亿元人民币出售子公司股权。", 1, "1.15 亿元人民币", "115000000", NULL, "CNY", 0, ""},
    {"投前估值超过 100 亿人民币。", 1, "超过 100 亿人民币", "10000000000", NULL, "CNY", 0, "over"},
    {"该轮融资金额为人民币 5000 万元。", 1, "人民币 5000 万元", "50000000", NULL, "CNY", 0, ""},
    {"这笔交易价值人民币3亿。", 1, "人民币3亿", "300000000", NULL, "CNY", 0, ""},
    /* thousands separators, decimals, full-width digits, traditional characters */
    {"市场规模将达 3,000亿美元。", 1, "3,000亿美元", "300000000000", NULL, "USD", 0, ""},
    {"公司承诺投入 1,000 亿美元用于美国制造。", 1, "1,000 亿美元", "100000000000", NULL, "USD", 0, ""},
    {"报告预计全球 AI 支出达１０００億美元。", 1, "１０００億美元", "100000000000", NULL, "USD", 0, ""},
    {"这家公司估值约５０億美元。", 1, "约５０億美元", "5000000000", NULL, "USD", 0, "about"},
    {"新品定价为 ２９９ 元。", 1, "２９９ 元", "299", NULL, "CNY", 0, ""},
    {"该车型起售价 11.58 万元。", 1, "11.58 万元", "115800", NULL, "CNY", 0, ""},
    {"企业今年回购 12,345.67 美元的股票。", 1, "12,345.67 美元", "12345.67", NULL, "USD", 0, ""},
    {"交易金额为 0.5 亿美元。", 1, "0.5 亿美元", "50000000", NULL, "USD", 0, ""},
    {"这笔订单价值2.35亿元。", 1, "2.35亿元", "235000000", NULL, "CNY", 0, ""},
    {"该笔投资为 1亿2000万美元。", 1, "1亿2000万美元", "120000000", NULL, "USD", 0, ""},
    /* Chinese numerals */
    {"公司宣布三千八百亿元的投资计划。", 1, "三千八百亿元", "380000000000", NULL, "CNY", 0, ""},
    {"两千亿美元的订单让市场震惊。", 1, "两千亿美元", "200000000000", NULL, "USD", 0, ""},
    {"这本书只卖十五美元。", 1, "十五美元", "15", NULL, "USD", 0, ""},
    {"一万亿美元是个惊人的数字。", 1, "一万亿美元", "1000000000000", NULL, "USD", 0, ""},
    {"他们为此支付了一百二十亿美元。", 1, "一百二十亿美元", "12000000000", NULL, "USD", 0, ""},
    {"这笔奖金高达一千万元。", 1, "高达一千万元", "10000000", NULL, "CNY", 0, "up to"},
    {"公司获得五千万元天使轮融资。", 1, "五千万元", "50000000", NULL, "CNY", 0, ""},
    {"市场规模有望达到千亿美元。", 1, "千亿美元", "100000000000", NULL, "USD", 0, ""},
    {"这是一笔百亿美元级别的交易。", 1, "百亿美元", "10000000000", NULL, "USD", 0, ""},
    {"他被指控向对手支付百万美元。", 1, "百万美元", "1000000", NULL, "USD", 0, ""},
    {"公司完成千万美元融资。", 1, "千万美元", "10000000", NULL, "USD", 0, ""},
    {"土耳其打造出十亿美元的植发产业。", 1, "十亿美元", "1000000000", NULL, "USD", 0, ""},
    {"题渊科技获近千万元融资。", 1, "近千万元", "10000000", NULL, "CNY", 0, "nearly"},
    {"这家脑机接口公司获近亿元种子轮。", 1, "近亿元", "100000000", NULL, "CNY", 0, "nearly"},
    {"预算在万元以内。", 1, "万元以内", "10000", NULL, "CNY", 0, "up to"},
    {"二十多亿美元的投资已经到位。", 1, "二十多亿美元", "2000000000", NULL, "USD", 0, "over"},
    {"该项目耗资一百多万元。", 1, "一百多万元", "1000000", NULL, "CNY", 0, "over"},
    {"三至五亿美元的资金将在年内到位。", 1, "三至五亿美元", "300000000", "500000000", "USD", 0, ""},
    /* vague amounts */
    {"各大公司投入数十亿美元建设数据中心。", 1, "数十亿美元", "1000000000", NULL, "USD", 0, "several"},
    {"这是一场数百亿美元级的捐赠。", 1, "数百亿美元", "10000000000", NULL, "USD", 0, "several"},
    {"公司完成数千万元Pre-A轮融资。", 1, "数千万元", "10000000", NULL, "CNY", 0, "several"},
    {"核聚变企业完成数亿元新一轮融资。", 1, "数亿元", "100000000", NULL, "CNY", 0, "several"},
    {"AI 公司获得数百万美元投资。", 1, "数百万美元", "1000000", NULL, "USD", 0, "several"},
    {"系统单题推理成本仅需几百美元。", 1, "单题推理成本仅需几百美元", "100", NULL, "USD", 1, "several"},
    {"这块市场有上百亿美元的空间。", 1, "上百亿美元", "10000000000", NULL, "USD", 0, "several"},
    {"卖照片赚取了数千美元。", 1, "数千美元", "1000", NULL, "USD", 0, "several"},
    {"版权收入达数万元。", 1, "数万元", "10000", NULL, "CNY", 0, "several"},
    {"一家公司预计带来数千亿美元的价值。", 1, "数千亿美元", "100000000000", NULL, "USD", 0, "several"},
    {"这件事直接把他推上万亿美元身家。", 1, "万亿美元", "1000000000000", NULL, "USD", 0, ""},
    /* qualifiers (Chinese) */
    {"OpenAI融资约400亿美元", 1, "约400亿美元", "40000000000", NULL, "USD", 0, "about"},
    {"该公司年化收入大约 50 亿美元。", 1, "大约 50 亿美元", "5000000000", NULL, "USD", 0, "about"},
    {"这笔收购耗资近 5 亿美元。", 1, "近 5 亿美元", "500000000", NULL, "USD", 0, "nearly"},
    {"估值将近 300 亿美元。", 1, "将近 300 亿美元", "30000000000", NULL, "USD", 0, "nearly"},
    {"年化营收接近200亿美元。", 1, "接近200亿美元", "20000000000", NULL, "USD", 0, "nearly"},
    {"估值逼近万亿美元大关。", 1, "逼近万亿美元", "1000000000000", NULL, "USD", 0, "nearly"},
    {"公司正在洽谈超150亿美元融资。", 1, "超150亿美元", "15000000000", NULL, "USD", 0, "over"},
    {"年收入超过100亿美元。", 1, "超过100亿美元", "10000000000", NULL, "USD", 0, "over"},
    {"投前估值逾100亿元人民币。", 1, "逾100亿元人民币", "10000000000", NULL, "CNY", 0, "over"},
    {"市值突破 2.1 万亿美元。", 1, "突破 2.1 万亿美元", "2100000000000", NULL, "USD", 0, "over"},
    {"营收远超 10 亿美元。", 1, "远超 10 亿美元", "1000000000", NULL, "USD", 0, "over"},
    {"软银宣布斥资最高750亿欧元在法国建设数据中心。", 1, "最高750亿欧元", "75000000000", NULL, "EUR", 0, "up to"},
    {"该诉讼索赔总额高达 1.4 万亿美元。", 1, "高达 1.4 万亿美元", "1400000000000", NULL, "USD", 0, "up to"},
    {"公司拟募资不超过28亿元。", 1, "不超过28亿元", "2800000000", NULL, "CNY", 0, "up to"},
    {"罚款最多 5000 万欧元。", 1, "最多 5000 万欧元", "50000000", NULL, "EUR", 0, "up to"},
    {"累计回购金额多达 20 亿元。", 1, "多达 20 亿元", "2000000000", NULL, "CNY", 0, "up to"},
    {"计划筹集至少3亿美元。", 1, "至少3亿美元", "300000000", NULL, "USD", 0, "at least"},
    {"董事长承诺增持不低于10亿元。", 1, "不低于10亿元", "1000000000", NULL, "CNY", 0, "at least"},
    {"国补后不到2300元。", 1, "不到2300元", "2300", NULL, "CNY", 0, "under"},
    {"若市值低于3亿元将被退市。", 1, "低于3亿元", "300000000", NULL, "CNY", 0, "under"},
    {"处理万页文档成本不足 2 美元。", 1, "不足 2 美元", "2", NULL, "USD", 0, "under"},
    {"Stripe 将以 70 亿美元以上的价格收购。", 1, "70 亿美元以上", "7000000000", NULL, "USD", 0, "over"},
    {"起售价在 2.5 万美元左右。", 1, "2.5 万美元左右", "25000", NULL, "USD", 0, "about"},
    {"新车售价 42.8 万元起。", 1, "42.8 万元起", "428000", NULL, "CNY", 0, "at least"},
    {"Cursor正洽谈融资 20 亿美元以上。", 1, "20 亿美元以上", "2000000000", NULL, "USD", 0, "over"},
    {"融资10多亿美元。", 1, "10多亿美元", "1000000000", NULL, "USD", 0, "over"},
    {"估值 1亿多美元。", 1, "1亿多美元", "100000000", NULL, "USD", 0, "over"},
    {"项目获得万余元奖励。", 1, "万余元", "10000", NULL, "CNY", 0, "over"},
    {"PixVerse估值破20亿美元，新巨头有望诞生。", 1, "破20亿美元", "2000000000", NULL, "USD", 0, "over"},
    {"公司市值首次跌破3亿元退市红线。", 1, "跌破3亿元", "300000000", NULL, "CNY", 0, "under"},
    {"新纪录打破 10 亿美元 的门槛。", 1, "10 亿美元", "1000000000", NULL, "USD", 0, ""},
    {"WhatsApp 测试订阅服务，每月几美元即可获得贴纸。", 1, "每月几美元", "1", NULL, "USD", 1, "several"},
    /* ranges */
    {"5亿至10亿美元的融资正在洽谈。", 1, "5亿至10亿美元", "500000000", "1000000000", "USD", 0, ""},
    {"相比此前10-20亿美元的预算大幅增加。", 1, "10-20亿美元", "1000000000", "2000000000", "USD", 0, ""},
    {"拟在美上市筹资100亿至140亿美元。", 1, "100亿至140亿美元", "10000000000", "14000000000", "USD", 0, ""},
    {"公司拟斥资5000万至1亿元回购股份。", 1, "5000万至1亿元", "50000000", "100000000", "CNY", 0, ""},
    {"预计上半年净利润达1.6至1.9亿元。", 1, "1.6至1.9亿元", "160000000", "190000000", "CNY", 0, ""},
    {"智能音箱售价在 300 至 400 美元之间。", 1, "300 至 400 美元", "300", "400", "USD", 0, ""},
    {"新版售价 300-350 美元。", 1, "300-350 美元", "300", "350", "USD", 0, ""},
    {"净利润为2.4亿元—2.65亿元。", 1, "2.4亿元—2.65亿元", "240000000", "265000000", "CNY", 0, ""},
    {"2 万至 2.5 万美元是购买二手电车的甜蜜点。", 1, "2 万至 2.5 万美元", "20000", "25000", "USD", 0, ""},
    {"发行价瞄准115至125美元区间。", 1, "115至125美元", "115", "125", "USD", 0, ""},
    {"售价约2300至2500美元。", 1, "约2300至2500美元", "2300", "2500", "USD", 0, "about"},
    {"预算为 1~2 万亿日元。", 1, "1~2 万亿日元", "1000000000000", "2000000000000", "JPY", 0, ""},
    {"一台机器 500～800 元。", 1, "500～800 元", "500", "800", "CNY", 0, ""},
    {"宁德时代宣布200亿到400亿元回购计划。", 1, "200亿到400亿元", "20000000000", "40000000000", "CNY", 0, ""},
    {"From 从10亿至20亿美元，增长迅速。", 2, "10亿", "1000000000", NULL, "USD", 0, ""},
    {"估值从 50 亿美元升至 120 亿美元。", 2, "120 亿美元", "12000000000", NULL, "USD", 0, ""},
    {"起售价将上涨 100 美元至 899 美元。", 2, "899 美元", "899", NULL, "USD", 0, ""},
    {"年收入在8个月内从0到1亿美元。", 1, "1亿美元", "100000000", NULL, "USD", 0, ""},
    /* per-unit prices */
    {"圣邦股份H股发行价为每股85.20港元。", 1, "每股85.20港元", "85.2", NULL, "HKD", 1, ""},
    {"每股1.95港元的价格较市价折让10%。", 1, "每股1.95港元", "1.95", NULL, "HKD", 1, ""},
    {"输入价格仅1.99元/百万tokens。", 1, "1.99元/百万tokens", "1.99", NULL, "CNY", 1, ""},
    {"订阅 Claude Pro（$20/月）即可使用。", 1, "$20/月", "20", NULL, "USD", 1, ""},
    {"OpenAI 推出 100 美元/月 的 Pro 计划。", 1, "100 美元/月", "100", NULL, "USD", 1, ""},
    {"ChatGPT推出100美元/月Pro订阅计划。", 1, "100美元/月", "100", NULL, "USD", 1, ""},
    {"每百万输入token仅需0.10美元。", 1, "每百万输入token仅需0.10美元", "0.1", NULL, "USD", 1, ""},
    {"这款模型每百万字符输入仅需1.20元。", 1, "每百万字符输入仅需1.20元", "1.2", NULL, "CNY", 1, ""},
    {"呼吁用户取消每月20美元的订阅。", 1, "每月20美元", "20", NULL, "USD", 1, ""},
    {"开发者购买月费20美元的 Plus 套餐。", 1, "月费20美元", "20", NULL, "USD", 1, ""},
    {"回购价格上限设为15.60元/股。", 1, "15.60元/股", "15.6", NULL, "CNY", 1, ""},
    {"拟以不超过156.95元/股的价格回购。", 1, "不超过156.95元/股", "156.95", NULL, "CNY", 1, "up to"},
    {"每股作价不超25元。", 1, "每股作价不超25元", "25", NULL, "CNY", 1, "up to"},
    {"调整后每股收益达0.15美元。", 1, "每股收益达0.15美元", "0.15", NULL, "USD", 1, ""},
    {"金饰已回落至485元/克。", 1, "485元/克", "485", NULL, "CNY", 1, ""},
    {"汽油均价重返每加仑4美元。", 1, "每加仑4美元", "4", NULL, "USD", 1, ""},
    {"Lite层现仅需0.05美元/秒。", 1, "0.05美元/秒", "0.05", NULL, "USD", 1, ""},
    {"Business版每月30美元/席位。", 1, "每月30美元/席位", "30", NULL, "USD", 1, ""},
    {"Pro 版 **29 元/月**，可批量生成。", 1, "29 元/月", "29", NULL, "CNY", 1, ""},
    {"豆包推出最高500元/月的订阅方案。", 1, "最高500元/月", "500", NULL, "CNY", 1, "up to"},
    {"调用价格 0.1元/千次。", 1, "0.1元/千次", "0.1", NULL, "CNY", 1, ""},
    {"充电 1.2 元/度。", 1, "1.2 元/度", "1.2", NULL, "CNY", 1, ""},
    {"这个套餐 20 美元每月。", 1, "20 美元每月", "20", NULL, "USD", 1, ""},
    {"会员 15 美元一个月。", 1, "15 美元一个月", "15", NULL, "USD", 1, ""},
    {"面对与谷歌每年 200 亿美元合作协议终止的风险。", 1, "200 亿美元", "20000000000", NULL, "USD", 0, ""},
    {"Anthropic每月向xAI支付12.5亿美元购买算力。", 1, "12.5亿美元", "1250000000", NULL, "USD", 0, ""},
    {"OpenAI 每年亏损数十亿美元。", 1, "数十亿美元", "1000000000", NULL, "USD", 0, "several"},
    {"公司早期每月烧钱 800 万美元。", 1, "800 万美元", "8000000", NULL, "USD", 0, ""},
    {"每千美元债券可转换为9.98股。", 1, "千美元", "1000", NULL, "USD", 0, ""},
    {"谷歌开放 API，单图定价约0.28元。", 1, "单图定价约0.28元", "0.28", NULL, "CNY", 1, "about"},
    {"该模型单次成本仅需0.36美元。", 1, "单次成本仅需0.36美元", "0.36", NULL, "USD", 1, ""},
    {"神秘企业单月狂烧5亿美元调用模型。", 1, "5亿美元", "500000000", NULL, "USD", 0, ""},
    {"这笔订单价值2.35亿元，创下纪录。", 1, "2.35亿元", "235000000", NULL, "CNY", 0, ""},
    /* English */
    {"Oracle signed a $300 billion contract with OpenAI.", 1, "$300 billion", "300000000000", NULL, "USD", 0, ""},
    {"The startup raised US$1.5B in its Series C.", 1, "US$1.5B", "1500000000", NULL, "USD", 0, ""},
    {"The grant is worth €2 million over three years.", 1, "€2 million", "2000000", NULL, "EUR", 0, ""},
    {"Listen Labs raises $69M after a viral billboard.", 1, "$69M", "69000000", NULL, "USD", 0, ""},
    {"Meta paid $99M for the team.", 1, "$99M", "99000000", NULL, "USD", 0, ""},
    {"Apple's market cap hit $3.1 trillion.", 1, "$3.1 trillion", "3100000000000", NULL, "USD", 0, ""},
    {"SpaceX valuation balloons to $2.6T.", 1, "$2.6T", "2600000000000", NULL, "USD", 0, ""},
    {"The company reported $5.5bn in revenue.", 1, "$5.5bn", "5500000000", NULL, "USD", 0, ""},
    {"Hands-on with the $24,950 electric truck.", 1, "$24,950", "24950", NULL, "USD", 0, ""},
    {"The new console costs $1,049 at launch.", 1, "$1,049", "1049", NULL, "USD", 0, ""},
    {"The lamp is on sale for $49.99 today.", 1, "$49.99", "49.99", NULL, "USD", 0, ""},
    {"He replaced a $120k system with a weekend project.", 1, "$120k", "120000", NULL, "USD", 0, ""},
    {"The fine was $100K for the fireworks.", 1, "$100K", "100000", NULL, "USD", 0, ""},
    {"The UK fund is worth £15 million.", 1, "£15 million", "15000000", NULL, "GBP", 0, ""},
    {"Sony is investing ¥3.5 billion in the studio.", 1, "¥3.5 billion", "3500000000", NULL, "CNY", 0, ""},
    {"The yen figure was JP¥500 billion.", 1, "JP¥500 billion", "500000000000", NULL, "JPY", 0, ""},
    {"Shares were priced at HK$116.2 each.", 1, "HK$116.2", "116.2", NULL, "HKD", 0, ""},
    {"The chipmaker raised NT$30 billion.", 1, "NT$30 billion", "30000000000", NULL, "TWD", 0, ""},
    {"The deal values the firm at USD 5 million.", 1, "USD 5 million", "5000000", NULL, "USD", 0, ""},
    {"It invested 45 billion CNY in factories.", 1, "45 billion CNY", "45000000000", NULL, "CNY", 0, ""},
    {"A bundle for just 50 RMB is tempting.", 1, "50 RMB", "50", NULL, "CNY", 0, ""},
    /* a code glued to its number; glued to one digit it is a token's name */
    {"Acme raised USD100 million from investors.", 1, "USD100 million", "100000000", NULL, "USD", 0, ""},
    {"The loan was RMB500m.", 1, "RMB500m", "500000000", NULL, "CNY", 0, ""},
    {"It pays EUR2.5bn for the stake.", 1, "EUR2.5bn", "2500000000", NULL, "EUR", 0, ""},
    {"It raised USD5 billion.", 1, "USD5 billion", "5000000000", NULL, "USD", 0, ""},
    {"The USD1 stablecoin grew fast.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"Pay in USDC or USDT only.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"The company will spend 5 million dollars on ads.", 1, "5 million dollars", "5000000", NULL, "USD", 0, ""},
    {"The budget was 2 billion euros.", 1, "2 billion euros", "2000000000", NULL, "EUR", 0, ""},
    {"They raised 3 billion yuan last year.", 1, "3 billion yuan", "3000000000", NULL, "CNY", 0, ""},
    {"Cursor in talks to raise $2B+ at a high valuation.", 1, "$2B+", "2000000000", NULL, "USD", 0, "over"},
    {"Anthropic raised about $200M from investors.", 1, "about $200M", "200000000", NULL, "USD", 0, "about"},
    {"The city spent nearly $4B on the project.", 1, "nearly $4B", "4000000000", NULL, "USD", 0, "nearly"},
    {"Fusion startups that raised over $100M.", 1, "over $100M", "100000000", NULL, "USD", 0, "over"},
    {"The fund raised more than $50 million.", 1, "more than $50 million", "50000000", NULL, "USD", 0, "over"},
    {"SoftBank will invest up to €75 billion in France.", 1, "up to €75 billion", "75000000000", NULL, "EUR", 0, "up to"},
    {"Amazon is investing at least $20 billion in data centers.", 1, "at least $20 billion", "20000000000", NULL, "USD", 0, "at least"},
    {"The best laptop under $1,000 this year.", 1, "under $1,000", "1000", NULL, "USD", 0, "under"},
    {"Revenue reached roughly $2.3 billion.", 1, "roughly $2.3 billion", "2300000000", NULL, "USD", 0, "about"},
    {"It costs approximately $450 per unit.", 1, "approximately $450 per unit", "450", NULL, "USD", 1, "about"},
    {"Analysts expect $10–20 billion in new capex.", 1, "$10–20 billion", "10000000000", "20000000000", "USD", 0, ""},
    {"The round is $10M-$20M depending on demand.", 1, "$10M-$20M", "10000000", "20000000", "USD", 0, ""},
    {"Prices range from 300 to 400 dollars.", 1, "300 to 400 dollars", "300", "400", "USD", 0, ""},
    {"Tech giants are spending billions of dollars on AI.", 1, "billions of dollars", "1000000000", NULL, "USD", 0, "several"},
    {"Startups burn tens of billions of dollars a year.", 1, "tens of billions of dollars", "10000000000", NULL, "USD", 0, "several"},
    {"The app reaches hundreds of millions of dollars in sales.", 1, "hundreds of millions of dollars", "100000000", NULL, "USD", 0, "several"},
    {"Meta signs a multibillion-dollar deal for TPUs.", 1, "multibillion-dollar", "1000000000", NULL, "USD", 0, "several"},
    {"He sold the startup for several million dollars.", 1, "several million dollars", "1000000", NULL, "USD", 0, "several"},
    {"A trillion dollars is a stupid amount of money.", 1, "A trillion dollars", "1000000000000", NULL, "USD", 0, ""},
    {"The memory maker had a trillion-dollar debut.", 1, "trillion-dollar", "1000000000000", NULL, "USD", 0, ""},
    /* English prices */
    {"Claude Code costs up to $200 a month.", 1, "up to $200 a month", "200", NULL, "USD", 1, "up to"},
    {"The API charges $0.15 per million tokens.", 1, "$0.15 per million tokens", "0.15", NULL, "USD", 1, ""},
    {"Output costs $2.50 per 1M input tokens.", 1, "$2.50 per 1M input tokens", "2.5", NULL, "USD", 1, ""},
    {"The plan is $20 per user per month.", 1, "$20 per user per month", "20", NULL, "USD", 1, ""},
    {"Batch mode is $5/M tokens.", 1, "$5/M tokens", "5", NULL, "USD", 1, ""},
    {"The video model is priced at $0.1 per second.", 1, "$0.1 per second", "0.1", NULL, "USD", 1, ""},
    {"Starlink charges a $10 monthly hardware fee.", 1, "$10 monthly", "10", NULL, "USD", 1, ""},
    {"ChatGPT finally offers a $100/month Pro plan.", 1, "$100/month", "100", NULL, "USD", 1, ""},
    {"Howdy's $3/mo streaming service.", 1, "$3/mo", "3", NULL, "USD", 1, ""},
    {"Shares closed at $135 per share.", 1, "$135 per share", "135", NULL, "USD", 1, ""},
    {"Anthropic will pay $1.25B per month for compute.", 1, "$1.25B per month", "1250000000", NULL, "USD", 0, ""},
    {"The AI company is burning $8M a month.", 1, "$8M a month", "8000000", NULL, "USD", 0, ""},
    /* restatements and several amounts in one text */
    {"估值飙升至逾40亿美元（约合300亿人民币）。", 2, "约合300亿人民币", "30000000000", NULL, "CNY", 0, "about"},
    {"公司融资 26 亿日元（约 1600 万美元）。", 2, "约 1600 万美元", "16000000", NULL, "USD", 0, "about"},
    {"They raised 5 billion yuan ($700 million).", 2, "$700 million", "700000000", NULL, "USD", 0, ""},
    {"Anthropic完成300亿美元G轮融资，估值3800亿美元。", 2, "3800亿美元", "380000000000", NULL, "USD", 0, ""},
    {"价格从 499.99 英镑/599.99 欧元涨价。", 2, "599.99 欧元", "599.99", NULL, "EUR", 0, ""},
    {"起售价分别为 1199.99 美元、1899.99 美元和 2099.99 美元。", 3, "1899.99 美元", "1899.99", NULL, "USD", 0, ""},
    {"Simile raises $200M at $2B valuation.", 2, "$2B", "2000000000", NULL, "USD", 0, ""},
    /* Markdown, line breaks, emphasis */
    {"获奖团队奖金高达 **100** 万元。", 1, "高达 **100** 万元", "1000000", NULL, "CNY", 0, "up to"},
    {"亚马逊正积极投入至少**200亿美元**建设数据中心。", 1, "至少**200亿美元", "20000000000", NULL, "USD", 0, "at least"},
    {"It secured a whopping **$2.3 billion** in funding.", 1, "$2.3 billion", "2300000000", NULL, "USD", 0, ""},
    {"1. [**迪士尼砸 10 亿美元下注 OpenAI**](https://example.com/a)", 1, "10 亿美元", "1000000000", NULL, "USD", 0, ""},
    {"| 36 | News | 奈飞签署200亿美元贷款协议 | [link](https://example.com) ", 1, "200亿美元", "20000000000", NULL, "USD", 0, ""},
    {"公司宣布融资 1000\n亿美元，用于扩建。", 1, "1000\n亿美元", "100000000000", NULL, "USD", 0, ""},
    {"收购价为 36 亿美元。\r\n另有 2 亿美元奖励。", 2, "2 亿美元", "200000000", NULL, "USD", 0, ""},
    {"Oracle向OpenAI押注约 [3000亿美元](https://example.com/x) 的订单。", 1, "约 [3000亿美元", "300000000000", NULL, "USD", 0, "about"},
    /* not money */
    {"月活用户达7.58亿月活，增长迅速。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"这块芯片算力达到 1000TOPS。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"数据中心总功率为 4.5吉瓦。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"公司售出 250份 订阅。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"模型有 30B参数，支持长上下文。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"2026年 将是 Agent 元年。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"毛利率达到 50%。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"$NVDA 股价今日上涨。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"这个模型有 5B 参数，训练用了 1M tokens。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"这款机器人报价6000万，宇树科技则报1亿。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"公司日活用户突破 1600万。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"融资1000亿，美元计价的部分占一半。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"三元组范式和二元论都不是钱。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"这是零元购的悲剧。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"腾讯混元发布十亿参数模型。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"太初元碁发放百亿算力token。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"GPT-4o 和 Claude 3.5 在 MMLU 上得分 88.7。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"版本 1.2.3 发布，修复了 2025.10.05 的问题。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"A100 和 H20 显卡供不应求。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"这是千万不要错过的更新。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"政策要求一刀切，不得例外。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"人民币 10 年来首次跌破该水平。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"欧元区7月通胀率升至2.9%。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"Windows 11 costs $0 to upgrade.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"The model has 70B parameters and a 128K context.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"He ran the test 5 times in 2025.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"Use awk '{print $1}' to get the column.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"The 3D CAD model has 200 parts.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"SAR satellites: 12 SAR units launched.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"It weighs 50 pounds and costs nothing.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"Samsung won 5 awards this year.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"项目在 3-5 年内完成。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"排名前 10-20 名的公司。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"智谱发布 GLM-4.5，支持 128K 上下文。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"这类元宇宙项目有 100元素。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"[原文](https://techcrunch.com/2026/02/28/billion-dollar-infrastructure-deals/)", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"[链接](https://example.com/deal/$5B-round) 与正文无关", 0, NULL, NULL, NULL, NULL, 0, NULL},
    /* English magnitudes hyphenated to the number, crore and lakh */
    {"The lab signed a $1.2-billion cloud contract.", 1, "$1.2-billion", "1200000000", NULL, "USD", 0, ""},
    {"It closed a €300-million fund last week.", 1, "€300-million", "300000000", NULL, "EUR", 0, ""},
    {"A 5-million-dollar grant went to the team.", 1, "5-million-dollar", "5000000", NULL, "USD", 0, ""},
    {"She bought a 20-euro ticket for the show.", 1, "20-euro", "20", NULL, "EUR", 0, ""},
    {"The vendor plans a $10bn-plus data centre.", 1, "$10bn-plus", "10000000000", NULL, "USD", 0, "over"},
    {"Reliance will invest ₹500 crore in data centres.", 1, "₹500 crore", "5000000000", NULL, "INR", 0, ""},
    {"The startup raised INR 20 lakh in seed money.", 1, "INR 20 lakh", "2000000", NULL, "INR", 0, ""},
    {"A fund of 1,200 crore rupees was approved.", 1, "1,200 crore rupees", "12000000000", NULL, "INR", 0, ""},
    {"The 3-million-token context window is new.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"We trained a 7-billion-parameter model.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"The app passed 5 crore downloads.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    /* vague English amounts: adjectives in any case, thousands, halves */
    {"They signed a multi-million dollar sponsorship.", 1, "multi-million dollar", "1000000", NULL, "USD", 0, "several"},
    {"The firm closed a multi-million yuan angel round.", 1, "multi-million yuan", "1000000", NULL, "CNY", 0, "several"},
    {"EU Backs Billion-Euro Chip Plan", 1, "Billion-Euro", "1000000000", NULL, "EUR", 0, ""},
    {"Startup Lands Multibillion-Dollar Contract", 1, "Multibillion-Dollar", "1000000000", NULL, "USD", 0, "several"},
    {"It earned tens of thousands of dollars last year.", 1, "tens of thousands of dollars", "10000", NULL, "USD", 0, "several"},
    {"They raised thousands of pounds for charity.", 1, "thousands of pounds", "1000", NULL, "GBP", 0, "several"},
    {"Repairs can cost hundreds of dollars.", 1, "hundreds of dollars", "100", NULL, "USD", 0, "several"},
    {"The grant was half a million euros in total.", 1, "half a million euros", "500000", NULL, "EUR", 0, ""},
    {"The app has thousands of users and half a million downloads.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    /* every English currency word in every English form */
    {"They set up a 5-million-pound fund.", 1, "5-million-pound", "5000000", NULL, "GBP", 0, ""},
    {"He paid with a 20-rupee note.", 1, "20-rupee", "20", NULL, "INR", 0, ""},
    {"Samsung signed a billion-won deal.", 1, "billion-won", "1000000000", NULL, "KRW", 0, ""},
    {"The fund raised two million renminbi.", 1, "two million renminbi", "2000000", NULL, "CNY", 0, ""},
    {"He refactored a multi-million-line code base.", 0, NULL, NULL, NULL, NULL, 0, NULL},
    /* traditional characters: the values (qualifiers are the simplified ones) */
    {"營收達20億人民幣。", 1, "20億人民幣", "2000000000", NULL, "CNY", 0, ""},
    {"獲得5億元人民幣投資。", 1, "5億元", "500000000", NULL, "CNY", 0, ""},
    {"晶片廠投資數十億美元擴產。", 1, "數十億美元", "1000000000", NULL, "USD", 0, "several"},
    {"計畫投入兩千億新臺幣。", 1, "兩千億新臺幣", "200000000000", NULL, "TWD", 0, ""},
    {"補助金額為3000萬台幣。", 1, "3000萬台幣", "30000000", NULL, "TWD", 0, ""},
    /* full-width digits with thousands separators */
    {"融资额为１，２００万美元。", 1, "１，２００万美元", "12000000", NULL, "USD", 0, ""},
    {"预算为３,５００亿元。", 1, "３,５００亿元", "350000000000", NULL, "CNY", 0, ""},
    {"奖金共计１，０００，０００元。", 1, "１，０００，０００元", "1000000", NULL, "CNY", 0, ""},
    {"两笔费用分别为1，200美元。", 1, "200美元", "200", NULL, "USD", 0, ""},
    /* a few yuan */
    {"每次调用仅需几块钱。", 1, "每次调用仅需几块钱", "1", NULL, "CNY", 1, "several"},
    {"整套方案只要几块钱。", 1, "几块钱", "1", NULL, "CNY", 0, "several"},
    {"推理成本降到了数元，还在下降。", 1, "数元", "1", NULL, "CNY", 0, "several"},
    {"一杯咖啡五块钱。", 1, "五块钱", "5", NULL, "CNY", 0, ""},
    {"系统会保存参数元数据。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    {"这是几元一次方程组的问题。", 0, NULL, NULL, NULL, NULL, 0, NULL},
    /* more ranges and English connectors */
    {"The price is between $300 and $400.", 1, "$300 and $400", "300", "400", "USD", 0, ""},
    {"Tickets went from $20 to $25 this year.", 2, "$25", "25", NULL, "USD", 0, ""},
};

static void table_rows(void **state) {
  (void)state;
  int failures = 0;
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
    const row *w = &rows[r];
    size_t len = strlen(w->text);
    tl_money *m = NULL;
    size_t n = tl_money_scan(w->text, len, &m);
    char buf[32], hbuf[32];
    int ok = (int)n == w->n;
    const tl_money *hit = NULL;
    if (ok && w->expr) {
      const char *at = strstr(w->text, w->expr);
      size_t start = at ? (size_t)(at - w->text) : (size_t)-1;
      for (size_t i = 0; i < n; i++)
        if (m[i].start == start && m[i].end == start + strlen(w->expr))
          hit = &m[i];
      ok = hit && strcmp(tl_decimal_format(hit->value, buf), w->value) == 0 &&
           hit->has_high == (w->high != NULL) &&
           (!w->high || strcmp(tl_decimal_format(hit->value_high, hbuf), w->high) == 0) &&
           strcmp(hit->currency, w->currency) == 0 && (hit->kind == TL_MONEY_PRICE) == w->price &&
           strcmp(hit->qualifier, w->qualifier) == 0;
    }
    if (!ok) {
      failures++;
      fprintf(stderr, "row %zu: %s\n  want %d amount(s); %s %s..%s %s %s \"%s\"\n  got %zu:\n", r, w->text, w->n,
              w->expr ? w->expr : "-", w->value ? w->value : "-", w->high ? w->high : "", w->currency ? w->currency : "",
              w->price ? "price" : "amount", w->qualifier ? w->qualifier : "", n);
      for (size_t i = 0; i < n; i++)
        fprintf(stderr, "    [%zu,%zu) \"%.*s\" %s..%s %s %s \"%s\"\n", m[i].start, m[i].end,
                (int)(m[i].end - m[i].start), w->text + m[i].start, tl_decimal_format(m[i].value, buf),
                m[i].has_high ? tl_decimal_format(m[i].value_high, hbuf) : "", m[i].currency,
                m[i].kind == TL_MONEY_PRICE ? "price" : "amount", m[i].qualifier);
    }
    if (n == 0)
      assert_null(m);
    free(m);
  }
  assert_int_equal(failures, 0);
}

/* The table is the contract: keep it large and varied. */
static void table_is_large(void **state) {
  (void)state;
  size_t neg = 0;
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
    neg += rows[r].n == 0;
  assert_true(sizeof rows / sizeof rows[0] >= 200);
  assert_true(neg >= 30);
}

static void header_example(void **state) {
  (void)state;
  const char *s = "OpenAI融资约400亿美元";
  tl_money *m;
  assert_int_equal(tl_money_scan(s, strlen(s), &m), 1);
  assert_int_equal(m[0].start, 12);
  assert_int_equal(m[0].end, 27);
  assert_int_equal(m[0].value.digits, 40000000000LL);
  assert_int_equal(m[0].value.scale, 0);
  assert_string_equal(m[0].currency, "USD");
  assert_int_equal(m[0].kind, TL_MONEY_AMOUNT);
  assert_string_equal(m[0].qualifier, "about");
  assert_int_equal(m[0].restates, 0);
  free(m);
}

static void restatement_is_marked(void **state) {
  (void)state;
  const char *s = "估值飙升至40亿美元（约合300亿人民币），另获 5 亿美元（合 36 亿元）贷款。";
  tl_money *m;
  assert_int_equal(tl_money_scan(s, strlen(s), &m), 4);
  assert_int_equal(m[0].restates, 0);
  assert_int_equal(m[1].restates, 1);
  assert_string_equal(m[1].currency, "CNY");
  assert_int_equal(m[2].restates, 0);
  assert_int_equal(m[3].restates, 1);
  free(m);
  /* Same currency in brackets is not a restatement. */
  s = "融资 5 亿美元（其中 1 亿美元为债务）";
  assert_int_equal(tl_money_scan(s, strlen(s), &m), 2);
  assert_int_equal(m[1].restates, 0);
  free(m);
}

static void amounts_come_in_order_without_overlap(void **state) {
  (void)state;
  const char *s = "Anthropic 以 $1.5B 收购，另付 3 亿元；估值 $61.5 billion，员工期权约 2 万亿日元。";
  tl_money *m;
  size_t n = tl_money_scan(s, strlen(s), &m);
  assert_int_equal(n, 4);
  for (size_t i = 1; i < n; i++)
    assert_true(m[i].start >= m[i - 1].end);
  assert_string_equal(m[0].currency, "USD");
  assert_string_equal(m[1].currency, "CNY");
  assert_string_equal(m[2].currency, "USD");
  assert_string_equal(m[3].currency, "JPY");
  free(m);
}

/* Exact arithmetic: no binary floating point anywhere. */
static void values_are_exact(void **state) {
  (void)state;
  static const struct {
    const char *text, *value;
  } cases[] = {
      {"4290万美元", "42900000"},         {"0.07亿美元", "7000000"},      {"1.23456789亿元", "123456789"},
      {"$0.0001 per token", "0.0001"},    {"3.3 万亿人民币", "3300000000000"}, {"99.99美元", "99.99"},
      {"12.5亿美元", "1250000000"},       {"$4.99", "4.99"},              {"1.1万元", "11000"},
      {"0.1元", "0.1"},                   {"$1.005 million", "1005000"},  {"7.58亿美元", "758000000"},
  };
  char buf[32];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tl_money *m;
    assert_int_equal(tl_money_scan(cases[i].text, strlen(cases[i].text), &m), 1);
    assert_string_equal(tl_decimal_format(m[0].value, buf), cases[i].value);
    free(m);
  }
}

static void too_large_is_not_reported(void **state) {
  (void)state;
  tl_money *m = (tl_money *)&m;
  const char *s = "99999999999999999999美元 and 9999999万亿亿美元 and $99999999999999 trillion";
  assert_int_equal(tl_money_scan(s, strlen(s), &m), 0);
  assert_null(m);
  /* Right at the int64 limit still works, exactly. */
  s = "92233720368547758.07美元，9223372036854775807美元，922337203.6854775807亿美元";
  char buf[32];
  assert_int_equal(tl_money_scan(s, strlen(s), &m), 3);
  assert_string_equal(tl_decimal_format(m[0].value, buf), "92233720368547758.07");
  assert_string_equal(tl_decimal_format(m[1].value, buf), "9223372036854775807");
  assert_string_equal(tl_decimal_format(m[2].value, buf), "92233720368547758.07");
  free(m);
}

static void decimal_format_and_parse(void **state) {
  (void)state;
  char buf[32];
  assert_string_equal(tl_decimal_format((tl_decimal){42900000, 0}, buf), "42900000");
  assert_string_equal(tl_decimal_format((tl_decimal){195, 2}, buf), "1.95");
  assert_string_equal(tl_decimal_format((tl_decimal){5, 1}, buf), "0.5");
  assert_string_equal(tl_decimal_format((tl_decimal){1500, 3}, buf), "1.5");
  assert_string_equal(tl_decimal_format((tl_decimal){1, 4}, buf), "0.0001");
  assert_string_equal(tl_decimal_format((tl_decimal){0, 0}, buf), "0");
  assert_string_equal(tl_decimal_format((tl_decimal){7, -3}, buf), "7000");
  assert_string_equal(tl_decimal_format((tl_decimal){-25, 1}, buf), "-2.5");
  assert_string_equal(tl_decimal_format((tl_decimal){INT64_MAX, 0}, buf), "9223372036854775807");
  assert_string_equal(tl_decimal_format((tl_decimal){INT64_MIN, 18}, buf), "-9.223372036854775808");

  tl_decimal d = {7, 7};
  assert_int_equal(tl_decimal_parse("1.50", 4, &d), 0);
  assert_int_equal(d.digits, 15);
  assert_int_equal(d.scale, 1);
  assert_int_equal(tl_decimal_parse("0.1396", 6, &d), 0);
  assert_int_equal(d.digits, 1396);
  assert_int_equal(d.scale, 4);
  assert_int_equal(tl_decimal_parse("120", 3, &d), 0);
  assert_int_equal(d.digits, 120);
  assert_int_equal(d.scale, 0);
  d = (tl_decimal){7, 7};
  static const char *const bad[] = {"", ".", "1.", ".5", "1,000", "-1", "1e5", "1.2.3", "99999999999999999999", " 1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(tl_decimal_parse(bad[i], strlen(bad[i]), &d), -1);
    assert_int_equal(d.digits, 7); /* left as it was */
    assert_int_equal(d.scale, 7);
  }
  assert_true(tl_decimal_cmp((tl_decimal){15, 1}, (tl_decimal){150, 2}) == 0);
  assert_true(tl_decimal_cmp((tl_decimal){15, 1}, (tl_decimal){2, 0}) < 0);
  assert_true(tl_decimal_cmp((tl_decimal){1000000000, 0}, (tl_decimal){999999999, 0}) > 0);
  assert_true(tl_decimal_cmp((tl_decimal){1, 18}, (tl_decimal){0, 0}) > 0);
}

/* Invalid UTF-8, NUL bytes, truncation at every length: no crash, no read
 * past the end (the sanitizers and valgrind check the latter), and the
 * amount after the damage is still found. */
static void survives_damaged_text(void **state) {
  (void)state;
  static const char damaged[] = "\xff\xfe\xe4\xba融资\0 5亿美元 \xe4\xba\xbf\xe7\xbe \x80\x80$ 9\xe4\xba\xbf\xe7\xbe\x8e\xe5\x85\x83";
  size_t len = sizeof damaged - 1;
  tl_money *m;
  size_t n = tl_money_scan(damaged, len, &m);
  assert_int_equal(n, 2);
  assert_int_equal(m[0].value.digits, 500000000);
  assert_int_equal(m[1].value.digits, 900000000);
  free(m);
  /* Every prefix of a dense text, copied to an exact-size heap block. */
  const char *dense = "约**１０**-20亿美元（约合 US$1.5B）每股1.95港元，$20/月，数十亿美元，€2m，三千八百亿元";
  size_t dl = strlen(dense);
  for (size_t cut = 0; cut <= dl; cut++) {
    char *copy = malloc(cut ? cut : 1);
    memcpy(copy, dense, cut);
    n = tl_money_scan(copy, cut, &m);
    for (size_t i = 0; i < n; i++)
      assert_true(m[i].start < m[i].end && m[i].end <= cut);
    free(m);
    free(copy);
  }
  assert_int_equal(tl_money_scan("", 0, &m), 0);
  assert_null(m);
}

static void crlf_and_markdown(void **state) {
  (void)state;
  const char *s = "1. [**OpenAI 融资 400 亿美元**](https://example.com/400)\r\n   估值达 **3000 亿美元**。\r\n";
  tl_money *m;
  assert_int_equal(tl_money_scan(s, strlen(s), &m), 2);
  assert_int_equal(m[0].value.digits, 40000000000LL);
  assert_int_equal(m[1].value.digits, 300000000000LL);
  assert_true(m[1].end <= strlen(s));
  free(m);
}

static void many_amounts(void **state) {
  (void)state;
  char *s = malloc(200000);
  size_t k = 0;
  for (int i = 1; i <= 5000; i++)
    k += (size_t)sprintf(s + k, "第%d笔 %d万美元；", i, i);
  tl_money *m;
  size_t n = tl_money_scan(s, k, &m);
  assert_int_equal(n, 5000);
  assert_int_equal(m[4999].value.digits, 50000000);
  free(m);
  free(s);
}

/* ------------------------------------------------------------------------ */
/* the prefilter: tl_money_scan walks only near currency anchors, resuming */
/* after punctuation; these check that nothing is lost that way.            */

static int same_amount(const tl_money *a, const tl_money *b) {
  return a->start == b->start && a->end == b->end && tl_decimal_cmp(a->value, b->value) == 0 &&
         a->has_high == b->has_high && (!a->has_high || tl_decimal_cmp(a->value_high, b->value_high) == 0) &&
         strcmp(a->currency, b->currency) == 0 && a->kind == b->kind && strcmp(a->qualifier, b->qualifier) == 0 &&
         a->restates == b->restates;
}

/* The whole table as one document, rows separated by a blank line (no
 * amount of the table reaches across one): every amount of every row, at its
 * shifted offset, and nothing else. Exercises many walk windows and the state carried between
 * them (the previous amount, for restatements and look-behinds). */
static void rows_as_one_document(void **state) {
  (void)state;
  size_t nr = sizeof rows / sizeof rows[0], cap = 0, k = 0, nwant = 0;
  for (size_t r = 0; r < nr; r++)
    cap += strlen(rows[r].text) + 2;
  char *doc = malloc(cap);
  tl_money *want = malloc(cap * sizeof *want);
  for (size_t r = 0; r < nr; r++) {
    size_t len = strlen(rows[r].text);
    tl_money *m;
    size_t n = tl_money_scan(rows[r].text, len, &m);
    for (size_t i = 0; i < n; i++) {
      want[nwant] = m[i];
      want[nwant].start += k;
      want[nwant].end += k;
      nwant++;
    }
    free(m);
    memcpy(doc + k, rows[r].text, len);
    k += len;
    memcpy(doc + k, "\n\n", 2);
    k += 2;
  }
  tl_money *m;
  size_t n = tl_money_scan(doc, k, &m);
  assert_int_equal(n, nwant);
  assert_true(n > 200);
  for (size_t i = 0; i < n; i++)
    if (!same_amount(&m[i], &want[i]))
      fail_msg("amount %zu differs: \"%.*s\"", i, (int)(want[i].end - want[i].start), doc + want[i].start);
  free(m);
  free(want);
  free(doc);
}

/* Every currency spelling the grammar knows, in a sentence: a spelling
 * without an anchor in the prefilter would never be seen. */
static void every_currency_spelling(void **state) {
  (void)state;
  typedef struct {
    const char *s, *code;
  } spelling;
  static const spelling cjk_after[] = {
      {"元人民币", "CNY"}, {"人民币", "CNY"},   {"美元", "USD"},     {"美金", "USD"},     {"美刀", "USD"},
      {"美分", "USD"},     {"港元", "HKD"},     {"港币", "HKD"},     {"港幣", "HKD"},     {"欧元", "EUR"},
      {"歐元", "EUR"},     {"英镑", "GBP"},     {"英鎊", "GBP"},     {"日元", "JPY"},     {"日圆", "JPY"},
      {"日圓", "JPY"},     {"円", "JPY"},       {"韩元", "KRW"},     {"韩币", "KRW"},     {"韓元", "KRW"},
      {"印度卢比", "INR"}, {"卢比", "INR"},     {"新台币", "TWD"},   {"新台幣", "TWD"},   {"台币", "TWD"},
      {"新加坡元", "SGD"}, {"新币", "SGD"},     {"加元", "CAD"},     {"加币", "CAD"},     {"澳元", "AUD"},
      {"澳币", "AUD"},     {"新西兰元", "NZD"}, {"纽元", "NZD"},     {"瑞士法郎", "CHF"}, {"瑞郎", "CHF"},
      {"卢布", "RUB"},     {"泰铢", "THB"},     {"林吉特", "MYR"},   {"雷亚尔", "BRL"},   {"迪拉姆", "AED"},
      {"沙特里亚尔", "SAR"}, {"越南盾", "VND"}, {"瑞典克朗", "SEK"}, {"挪威克朗", "NOK"}, {"丹麦克朗", "DKK"},
      {"块钱", "CNY"},     {"刀", "USD"},       {"元", "CNY"},       {"人民幣", "CNY"},
      {"新臺幣", "TWD"},   {"台幣", "TWD"},     {"臺幣", "TWD"}};
  static const spelling en_after[] = {
      {"US dollars", "USD"},        {"U.S. dollars", "USD"},       {"Hong Kong dollars", "HKD"},
      {"HK dollars", "HKD"},        {"Singapore dollars", "SGD"},  {"Canadian dollars", "CAD"},
      {"Australian dollars", "AUD"}, {"NT dollars", "TWD"},        {"dollars", "USD"},
      {"DOLLAR", "USD"},            {"euros", "EUR"},              {"Euro", "EUR"},
      {"pounds sterling", "GBP"},   {"pounds", "GBP"},             {"yuan", "CNY"},
      {"renminbi", "CNY"},          {"yen", "JPY"},                {"won", "KRW"},
      {"rupees", "INR"},            {"Swiss francs", "CHF"}};
  static const spelling signs[] = {
      {"US$", "USD"}, {"U.S.$", "USD"}, {"HK$", "HKD"}, {"NT$", "TWD"}, {"SG$", "SGD"}, {"S$", "SGD"},
      {"AU$", "AUD"}, {"A$", "AUD"},    {"CA$", "CAD"}, {"C$", "CAD"},  {"NZ$", "NZD"}, {"R$", "BRL"},
      {"MX$", "MXN"}, {"CN¥", "CNY"},   {"JP¥", "JPY"}, {"$", "USD"},   {"＄", "USD"},  {"¥", "CNY"},
      {"￥", "CNY"},  {"€", "EUR"},     {"£", "GBP"},   {"₹", "INR"},   {"₩", "KRW"},   {"₽", "RUB"}};
  static const char *const iso[] = {"USD", "CNY", "RMB", "HKD", "EUR", "GBP", "JPY", "KRW", "INR",
                                    "TWD", "SGD", "AUD", "CHF", "RUB", "BRL", "AED", "NZD", "MXN",
                                    "THB", "MYR", "VND", "SEK", "NOK", "DKK", "ZAR"};
  static const spelling cjk_before[] = {
      {"人民币", "CNY"}, {"港币", "HKD"}, {"港元", "HKD"}, {"新台币", "TWD"}, {"美金", "USD"}};
  static const spelling sentences[] = {
      {"They spent billions of dollars on it.", "USD"},
      {"They spent tens of millions of euros on it.", "EUR"},
      {"They spent hundreds of millions of rupees on it.", "INR"},
      {"They spent millions of US dollars on it.", "USD"},
      {"They spent a billion yuan on it.", "CNY"},
      {"They spent two million yen on it.", "JPY"},
      {"They spent several million pounds on it.", "GBP"},
      {"It is a multibillion-dollar deal.", "USD"},
      {"It is a billion-dollar deal.", "USD"},
      {"It is a Billion-Yen deal.", "JPY"},
      {"It is a multi-billion rupee deal.", "INR"},
      {"It cost tens of thousands of euros.", "EUR"},
      {"It cost half a billion yuan.", "CNY"},
      {"每次只要几美元，", "USD"},
      {"每次只要几欧元，", "EUR"},
      {"每次只要数英镑，", "GBP"}};
  char text[160];
  int failures = 0;
#define EXPECT_ONE(code)                                                                                           \
  do {                                                                                                             \
    tl_money *m;                                                                                                   \
    size_t n = tl_money_scan(text, strlen(text), &m);                                                              \
    if (n != 1 || strcmp(m[0].currency, (code)) != 0) {                                                            \
      failures++;                                                                                                  \
      fprintf(stderr, "\"%s\": %zu amount(s), want one in %s\n", text, n, (code));                                 \
    }                                                                                                              \
    free(m);                                                                                                       \
  } while (0)
  for (size_t k = 0; k < sizeof cjk_after / sizeof cjk_after[0]; k++) {
    snprintf(text, sizeof text, "公司拿到 25 亿%s投资，", cjk_after[k].s);
    EXPECT_ONE(cjk_after[k].code);
  }
  /* "a few" of each: 几港元, 数美金 (刀 follows Arabic digits only) */
  for (size_t k = 0; k < sizeof cjk_after / sizeof cjk_after[0]; k++) {
    if (strcmp(cjk_after[k].s, "刀") == 0)
      continue;
    snprintf(text, sizeof text, "每次只要%s%s，", k % 2 ? "几" : "数", cjk_after[k].s);
    EXPECT_ONE(cjk_after[k].code);
  }
  for (size_t k = 0; k < sizeof en_after / sizeof en_after[0]; k++) {
    snprintf(text, sizeof text, "It raised 25 billion %s in 2025.", en_after[k].s);
    EXPECT_ONE(en_after[k].code);
  }
  for (size_t k = 0; k < sizeof signs / sizeof signs[0]; k++) {
    snprintf(text, sizeof text, "It raised %s25 billion in 2025.", signs[k].s);
    EXPECT_ONE(signs[k].code);
  }
  for (size_t k = 0; k < sizeof iso / sizeof iso[0]; k++) {
    const char *code = strcmp(iso[k], "RMB") == 0 ? "CNY" : iso[k];
    snprintf(text, sizeof text, "It raised 25 billion %s in 2025.", iso[k]);
    EXPECT_ONE(code);
    snprintf(text, sizeof text, "It raised %s 25 billion in 2025.", iso[k]);
    EXPECT_ONE(code);
    snprintf(text, sizeof text, "It raised %s25 billion in 2025.", iso[k]); /* finance shorthand */
    EXPECT_ONE(code);
  }
  for (size_t k = 0; k < sizeof cjk_before / sizeof cjk_before[0]; k++) {
    snprintf(text, sizeof text, "公司拿到%s25亿，用于研发", cjk_before[k].s);
    EXPECT_ONE(cjk_before[k].code);
  }
  for (size_t k = 0; k < sizeof sentences / sizeof sentences[0]; k++) {
    snprintf(text, sizeof text, "%s", sentences[k].s);
    EXPECT_ONE(sentences[k].code);
  }
#undef EXPECT_ONE
  assert_int_equal(failures, 0);
}

/* The one amount in s: its text and value. */
static void expect_amount(const char *s, const char *expr, const char *value) {
  tl_money *m;
  char buf[32];
  size_t n = tl_money_scan(s, strlen(s), &m);
  if (n != 1)
    fail_msg("%zu amounts in \"%s\", want 1", n, s);
  const char *at = strstr(s, expr);
  assert_non_null(at);
  assert_int_equal(m[0].start, (size_t)(at - s));
  assert_int_equal(m[0].end, (size_t)(at - s) + strlen(expr));
  assert_string_equal(tl_decimal_format(m[0].value, buf), value);
  free(m);
}

/* Amounts whose reading starts far before the currency, with no punctuation
 * in between: the walk must start early enough, and never inside a number
 * ("1亿2000万" read from "2000" would be 2000万). */
static void amounts_far_from_their_currency(void **state) {
  (void)state;
  char s[4096];
  const char *filler = "这家公司在过去的时间里持续研发芯片和模型并计划继续扩大团队规模";
  size_t k = 0;
  for (int i = 0; i < 20; i++)
    k += (size_t)snprintf(s + k, sizeof s - k, "%s", filler);
  snprintf(s + k, sizeof s - k, "1亿2000万美元");
  expect_amount(s, "1亿2000万美元", "120000000");
  snprintf(s + k, sizeof s - k, "10-20亿美元");
  expect_amount(s, "10-20亿美元", "1000000000");
  static const char *const connectors[] = {"-", "–", "—", "~", "～", "〜", "－", "至", "到", " to "};
  for (size_t c = 0; c < sizeof connectors / sizeof connectors[0]; c++) {
    char expr[64];
    sprintf(expr, "10%s20亿美元", connectors[c]);
    snprintf(s + k, sizeof s - k, "%s", expr);
    expect_amount(s, expr, "1000000000");
  }
  snprintf(s + k, sizeof s - k, "1,234,567美元的订单");
  expect_amount(s, "1,234,567美元", "1234567");

  /* A number and its currency may be split by any run of spaces and stars,
   * and one line break. */
  k = (size_t)sprintf(s, "公司融资 **5**");
  for (int i = 0; i < 1000; i++)
    s[k++] = ' ';
  snprintf(s + k, sizeof s - k, "\n  亿美元");
  expect_amount(s, strstr(s, "5**"), "500000000"); /* to the end */

  /* English: words before the currency word, and the marks in numbers and
   * in "U.S." that look like punctuation. */
  expect_amount("the small company that makes chips for phones and cars has raised tens of millions of dollars "
                "from investors",
                "tens of millions of dollars", "10000000");
  expect_amount("Revenue, 3,000,000 dollars, was up", "3,000,000 dollars", "3000000");
  expect_amount("Revenue was up. It raised 5 million U.S. dollars", "5 million U.S. dollars", "5000000");
  expect_amount("Revenue was up. It raised U.S.$7 million", "U.S.$7 million", "7000000");
  expect_amount("He said: 1.5 euros", "1.5 euros", "1.5");
}

/* Anchors at the very start and end of the text. */
static void anchors_at_the_edges(void **state) {
  (void)state;
  expect_amount("$5", "$5", "5");
  expect_amount("¥99", "¥99", "99");
  expect_amount("€5", "€5", "5");
  expect_amount("5美元", "5美元", "5");
  expect_amount("5元", "5元", "5");
  expect_amount("5USD", "5USD", "5");
  expect_amount("5 dollar", "5 dollar", "5");
  /* Signs only come first: "99¥" and "5 €" are not money. */
  static const char *const none[] = {"$", "元", "¥", "€", "USD", "It costs $", "价格：元", "99¥", "5 €"};
  for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
    tl_money *m = (tl_money *)&m;
    size_t n = tl_money_scan(none[i], strlen(none[i]), &m);
    if (n != 0)
      fail_msg("\"%s\": %zu amount(s), want none", none[i], n);
    assert_null(m);
  }
}

/* Scans text with both the scanner and the reference; 1 when they agree on
 * every field of every amount. */
static int agrees_with_full_walk(const char *text, size_t len) {
  tl_money *a, *b;
  size_t na = tl_money_scan(text, len, &a), nb = ref_money_scan(text, len, &b);
  int ok = na == nb;
  for (size_t i = 0; ok && i < na; i++)
    ok = same_amount(&a[i], &b[i]);
  free(a);
  free(b);
  return ok;
}

/* The prefilter changes nothing: the table, and random texts made of the
 * pieces money is written with (numbers, magnitudes, currencies, ranges,
 * qualifiers, units, punctuation, Markdown, damage), give exactly what the
 * plain walk over every character gives. */
static void prefilter_matches_full_walk(void **state) {
  (void)state;
  static const char *const pieces[] = {
      "0", "1", "5", "10", "250", "1.5", "3,000", "12,345.67", "2025.10.05", "１０", "．", "亿", "万", "千", "十",
      "万亿", "億", "多", "余", "一", "两", "三", "零", "数", "几", "上", "推上", "美元", "元", "人民币", "港元",
      "欧元", "英镑", "日元", "卢比", "美金", "美分", "刀", "刀片", "块钱", "元素", "三元组", "瑞士法郎", "林吉特",
      "$", "US$", "HK$", "¥", "￥", "€", "£", "＄", "USD", "RMB", "EUR", "USD$", "JP¥", "U.S.$", " dollars",
      " U.S. dollars", " euros", " yuan", " won", " pounds", " renminbi", " billion", " million", " bn", "B", "M",
      "k", "-", "–", "——", "~", "～", "〜", "－", "至", "到", " to ", " and ", "between ", "from ", "ranging from ", "从", "上涨",
      "了", "约", "约合", "近", "最近", "超过", "破", "打破", "高达", "至少", "不到", "签约", "about ", "over ",
      "up to ", "more than ", "approx. ", "以上", "左右", "以内", "起", "起诉", "+", " or more", "每", "每股",
      "每月", "单次", "订单", "月费", "/月", "/百万tokens", "/1000次", "／", " / ", " per month", " a month",
      " monthly", "一个月", "per cent", "（", "）", "(", ")", "（约合", "折合", "≈", "合", "[", "](http://x.com/a)",
      "https://example.com/billion-dollar-deals", "billions of dollars", "tens of millions of dollars",
      "a billion dollars", "multibillion-dollar", "several million euros", " ", "  ", "\t", "\n", "\r\n", "**",
      "*", "\xE3\x80\x80", "\xC2\xA0", "，", "。", "、", "：", "“", "”", "《", ",", ".", ". ", ", ", ";", ":", "!",
      "\"", "|", "#", "`", "{", "}", "公司", "融资", "估值", "亏损", "烧钱", "投入", "的", "用户", "年", "股",
      "tokens", "GPU-hour", "OpenAI", "raised", "the", "A100", "GPT-4", "$NVDA", "{print $1}", "`$2`", "向xAI支付",
      "售价", "成本", "input", "per", "\xff", "\xe4\xb8", "\x80", "%", "_", "S", "U", " DOLLARS", " Euro", "YEN",
      " Francs", "rupees", "Won", "公", "分", "利", "美国"};
  size_t np = sizeof pieces / sizeof pieces[0];
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
    assert_true(agrees_with_full_walk(rows[r].text, strlen(rows[r].text)));
  uint64_t x = 88172645463325252ULL; /* the same texts every run */
  char *text = malloc(16384);
  int failures = 0;
  for (int r = 0; r < 3000; r++) {
    size_t len = 0, parts = r < 2900 ? 30 : 600;
    for (size_t p = 0; p < parts; p++) {
      const char *piece = pieces[tu_xorshift64(&x) % np];
      size_t pl = strlen(piece);
      if (len + pl > 16384)
        break;
      memcpy(text + len, piece, pl);
      len += pl;
    }
    if (!agrees_with_full_walk(text, len)) {
      if (failures++ < 5)
        fprintf(stderr, "differs from the full walk: \"%.*s\"\n", (int)(len < 300 ? len : 300), text);
    }
  }
  free(text);
  assert_int_equal(failures, 0);
}

/* The walk tests byte pairs at even offsets only and skips what holds no
 * anchor: an amount must be found the same wherever it lands, right after a
 * long stretch of Chinese (three-byte characters, so either parity), after
 * full-width punctuation, and at the very end of the text. Each expression
 * is scanned alone, then with every context around it; the one amount must
 * come out shifted and otherwise unchanged, and as the plain walk finds it. */
static void amounts_wherever_they_land(void **state) {
  (void)state;
  static const char *const exprs[] = {"$5", "¥99", "£7", "€5", "₹300", "＄8", "￥12", "5元", "4290万美元",
                                      "1.5万亿日元", "三千八百亿元", "5USD", "USD 5", "25 dollars", "25 yuan",
                                      "US$1.5B", "HK$30", "人民币100亿元", "10-20亿美元", "约400亿美元",
                                      "billions of dollars", "10万瑞士法郎", "5000林吉特", "1亿2000万美元"};
  static const char *const befores[] = {"", "，", "。", "“", "）", "——", "\xE3\x80\x80", "；\n", "|", ". "};
  static const char *const afters[] = {"", "，", "。随后", "\n", "）"};
  static const char *const pads[] = {"", "a", "ab", "abc", "abcd", "abcde"};
  const tu_contexts contexts = {pads, befores, afters, TU_COUNT(pads), TU_COUNT(befores), TU_COUNT(afters), " "};
  char text[1400];
  int failures = 0;
  for (size_t e = 0; e < sizeof exprs / sizeof exprs[0]; e++) {
    tl_money *alone;
    size_t na = tl_money_scan(exprs[e], strlen(exprs[e]), &alone);
    if (na != 1)
      fail_msg("\"%s\" alone: %zu amounts, want 1", exprs[e], na);
    for (size_t c = 0; c < tu_context_count(&contexts); c++) {
      size_t k = tu_place(&contexts, c, exprs[e], text, sizeof text);
      size_t len = strlen(text);
      tl_money *m;
      size_t n = tl_money_scan(text, len, &m);
      tl_money want = alone[0];
      want.start += k;
      want.end += k;
      if (n != 1 || !same_amount(&m[0], &want) || !agrees_with_full_walk(text, len)) {
        if (failures++ < 5)
          fprintf(stderr, "\"%s\" after %zu bytes: %zu amount(s)\n", exprs[e], k, n);
      }
      free(m);
    }
    free(alone);
  }
  assert_int_equal(failures, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(table_rows),
      cmocka_unit_test(table_is_large),
      cmocka_unit_test(header_example),
      cmocka_unit_test(restatement_is_marked),
      cmocka_unit_test(amounts_come_in_order_without_overlap),
      cmocka_unit_test(values_are_exact),
      cmocka_unit_test(too_large_is_not_reported),
      cmocka_unit_test(decimal_format_and_parse),
      cmocka_unit_test(survives_damaged_text),
      cmocka_unit_test(crlf_and_markdown),
      cmocka_unit_test(many_amounts),
      cmocka_unit_test(rows_as_one_document),
      cmocka_unit_test(every_currency_spelling),
      cmocka_unit_test(amounts_far_from_their_currency),
      cmocka_unit_test(anchors_at_the_edges),
      cmocka_unit_test(prefilter_matches_full_walk),
      cmocka_unit_test(amounts_wherever_they_land),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
