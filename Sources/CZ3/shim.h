#ifndef PINCHECK_CZ3_SHIM_H
#define PINCHECK_CZ3_SHIM_H

// The Z3 C API (found through pkg-config "z3"); only the Swift module Z3 imports this.
#include <z3.h>

#endif
