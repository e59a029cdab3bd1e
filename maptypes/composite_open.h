// composite_open.h: opens the component tables of unionmap:{...} and
// pipemap:{...}. The name must be "{type:name, ...}" with at least one
// component that has a ':'; otherwise Postfix's fatal
//   bad syntax: "TYPE:{...}"; need "TYPE:{type:name...}"
// Components are opened with open_map() and the composite's flags, so
// nesting (unionmap:{pipemap:{...}, inline:{...}}) works.
#pragma once

#include <memory>
#include <vector>

#include "dict.h"

namespace postkit {

std::vector<std::unique_ptr<Dict>> open_components(const OpenRequest& req);

}  // namespace postkit
