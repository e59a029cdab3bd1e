// master_cf_cmd.cc: entry point of postconf's master.cf modes (-M, -F, -P).
// main.cc has already checked the option combinations
// (check_option_combinations); this finds the configuration directory (-c,
// else $MAIL_CONFIG, else /etc/postfix), then shows or edits.
#include <cstdlib>
#include <string>

#include "config.h"
#include "master_cf.h"
#include "postconf.h"

namespace postkit::postconf {

int run_master_cf(const Options& opts, Diagnostics& diag) {
  std::string dir = opts.config_dir;
  if (dir.empty()) {
    const char* env = std::getenv("MAIL_CONFIG");
    dir = env ? env : Config::kDefaultConfigDir;
  }
  if (implies_edit(opts) || opts.remove || opts.comment_out) return edit_master(opts, dir, diag);
  return show_master(opts, dir, diag);
}

}  // namespace postkit::postconf
