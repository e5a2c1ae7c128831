#ifndef BACKPROP_GEMM_BLOCKING_H
#define BACKPROP_GEMM_BLOCKING_H

// The product's blocking, shared by the kernels and the buffers they are given. Fixed
// numbers, not tuned to the machine's caches: the order of every sum follows from them
// (see backprop_gemm.h), so they are part of what makes a result the same everywhere.
#define MR 6   // rows of a register tile
#define KC 256 // terms of each sum per pass over the operands (a B panel of KC·NR fits L1)
#define MC 72  // rows of A that pass each B panel in turn, a multiple of MR (MC·KC values fit L2)

#endif
