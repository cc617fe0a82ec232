#ifndef SIGNET_CSODIUM_SHIM_H
#define SIGNET_CSODIUM_SHIM_H
#include <sodium.h>
#endif
