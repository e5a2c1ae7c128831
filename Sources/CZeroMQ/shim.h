#ifndef BACKPROP_CZEROMQ_SHIM_H
#define BACKPROP_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
