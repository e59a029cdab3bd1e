// utf8_dict.h: the UTF-8 layer around every opened table, as Postfix's
// dict_utf8 (active when the table is opened with kUtf8Request, which the
// commands set when smtputf8_enable is on and -u is not given).
//
// Policy (Postfix 3.7):
//  - lookup: a key that is not valid UTF-8 warns "TYPE:NAME: non-UTF-8 key
//    "KEY": malformed UTF-8 or invalid codepoint" and is not found (the item
//    cannot exist); a value found that is not valid UTF-8 warns "TYPE:NAME:
//    key "KEY": non-UTF-8 value "VALUE": ..." and fails with kConfig.
//  - update: an invalid key or value warns and is skipped (success).
//  - remove: an invalid key warns and counts as done (success).
//  - sequence, close: passed through unchanged.
// Case folding of valid keys stays with the table (Dict::fold()).
#pragma once

#include <memory>

#include "dict.h"

namespace postkit {

// Wraps `inner` when its flags have kUtf8Request; returns it unchanged
// otherwise.
std::unique_ptr<Dict> with_utf8_checks(std::unique_ptr<Dict> inner, const OpenRequest& req);

}  // namespace postkit
