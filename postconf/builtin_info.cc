// builtin_info.cc: placeholder until its owner lands the real implementation.
#include "postconf.h"

namespace postkit::postconf {

int run_builtin_info(const Options&, Diagnostics& diag) { diag.fatal("run_builtin_info: not implemented yet"); }

}  // namespace postkit::postconf
