// main_cf_cmd.cc: entry point of postconf's main.cf modes. Display reads
// main.cf (not with -d), applies -o, reads master.cf (a missing one is a
// warning), registers user-defined names (not with -d), prints, then warns
// about unused settings (not with -d) -- the order Postfix 3.7 works in.
#include <iostream>

#include "main_cf.h"

namespace postkit::postconf {

int run_main_cf(const Options& o, Diagnostics& diag) {
  bool operand_sets = !o.operands.empty() && o.operands.front().find('=') != std::string::npos;
  if (o.edit || o.remove || o.comment_out || operand_sets) return edit_main(o, diag);
  ConfigOptions co;
  co.config_dir = o.config_dir;
  co.raw_overrides = o.raw_overrides;
  co.read_main = !o.defaults;
  co.read_master = true;
  Config config = Config::load(co, diag);
  ParamRegistry registry(config, diag);
  if (!o.defaults) registry.register_user_parameters(config, diag);
  int status = show_main(o, config, registry, diag);
  if (!o.defaults) registry.warn_unused(config, diag);
  return status;
}

}  // namespace postkit::postconf
