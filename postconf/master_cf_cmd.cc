// master_cf_cmd.cc: placeholder until its owner lands the real implementation.
#include "postconf.h"

namespace postkit::postconf {

int run_master_cf(const Options&, Diagnostics& diag) { diag.fatal("run_master_cf: not implemented yet"); }

}  // namespace postkit::postconf
