#ifndef BACKPROP_CBLAS_SHIM_H
#define BACKPROP_CBLAS_SHIM_H
#include <cblas.h>
#endif
