// main_cf_cmd.cc: placeholder until its owner lands the real implementation.
#include "postconf.h"

namespace postkit::postconf {

int run_main_cf(const Options&, Diagnostics& diag) { diag.fatal("run_main_cf: not implemented yet"); }

}  // namespace postkit::postconf
