// bounce_show.h: `postconf -t [file]` and `postconf -b [file]`.
//
// Postfix runs its bounce daemon for these; postkit does the same work in
// process and reports problems under the daemon's name
// ("SYSLOG_NAME/bounce: warning: ..."), as Postfix users see them.
// Contract: prints the templates (dump) or their expansion to stdout only
// when everything succeeded, and returns the exit status; a missing main.cf
// is postconf's own fatal error (thrown).
#pragma once

#include <optional>
#include <string>

#include "config.h"
#include "diag.h"

namespace postkit::postconf {

enum class BounceShow { kDump, kExpand };

// postconf_config is postconf's own view (for syslog_name); options is how
// it was loaded, so that the bounce side can read main.cf as the daemon does.
int show_bounce_templates(const Config& postconf_config, const ConfigOptions& options,
                          const std::optional<std::string>& file, BounceShow mode);

}  // namespace postkit::postconf
