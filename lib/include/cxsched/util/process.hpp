#pragma once

namespace cxsched::util {

// Makes the process non-dumpable (Linux PR_SET_DUMPABLE 0): no core file,
// and no other process of the same user may ptrace it or read its memory
// through /proc. Called once the process holds a secret; idempotent.
void keep_out_of_core_dumps();

// Whether the process can still be dumped (false after the call above).
bool dumpable();

}  // namespace cxsched::util
