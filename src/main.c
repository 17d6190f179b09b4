#include <stdio.h>
int main(void) { puts("trendlens " TRENDLENS_VERSION); return 0; }
