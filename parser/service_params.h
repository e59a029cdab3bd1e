// service_params.h: main.cf parameters that exist because of a master.cf
// service, as Postfix 3.7's postconf derives them.
//
// A service whose command (field 8, compared exactly) is a delivery agent --
// local, error, virtual, smtp, lmtp -- gets SERVICE_recipient_limit,
// SERVICE_destination_concurrency_limit and the other per-transport
// scheduler parameters; a pipe service gets those and SERVICE_time_limit; a
// spawn service gets only SERVICE_time_limit. Each default is `$` followed by
// the global parameter it falls back to (e.g.
// relay_destination_concurrency_limit = $default_destination_concurrency_limit),
// and its type is that parameter's type. Names that are already built-in
// parameters (local_destination_concurrency_limit, ...) keep their built-in
// definition and are not returned.
#pragma once

#include <string_view>
#include <vector>

#include "master_file.h"
#include "param_table.h"

namespace postkit {

// The parameters one service defines; empty when its command defines none.
std::vector<ParamSpec> service_params(std::string_view service, std::string_view command,
                                      const ParamTable& builtin = ParamTable::builtin());

// The parameters all services of master.cf define, in service order, each
// name once.
std::vector<ParamSpec> service_params(const MasterFile& master,
                                      const ParamTable& builtin = ParamTable::builtin());

}  // namespace postkit
