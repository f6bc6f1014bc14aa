// ReadStat (Debian libreadstat-dev) reads SPSS .sav and Stata .dta files.
#include <readstat.h>
