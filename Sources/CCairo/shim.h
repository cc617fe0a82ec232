#ifndef SIGNET_CCAIRO_SHIM_H
#define SIGNET_CCAIRO_SHIM_H
#include <cairo/cairo.h>
#endif
