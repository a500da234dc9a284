#include <cxsched/util/process.hpp>

#include <sys/prctl.h>

namespace cxsched::util {

void keep_out_of_core_dumps() { ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

bool dumpable() { return ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1; }

}  // namespace cxsched::util
