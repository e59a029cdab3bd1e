// types.h: the factories of the map types compiled into libpostkit-maps.
// Each is defined in its own file (hash_btree.cc, lmdb.cc, ...) and listed
// once in the table in registry.cc. Factories throw FatalError with Postfix's
// text when the table cannot be opened.
#pragma once

#include <memory>

#include "dict.h"

namespace postkit {

// Indexed (file) types built by postmap; each exists only when its library
// was found at configure time (POSTKIT_HAVE_BDB / _LMDB / _CDB).
std::unique_ptr<Dict> open_hash(const OpenRequest& req);
std::unique_ptr<Dict> open_btree(const OpenRequest& req);
std::unique_ptr<Dict> open_lmdb(const OpenRequest& req);
std::unique_ptr<Dict> open_cdb(const OpenRequest& req);

// Pattern and other types: add declarations below (one per type).
std::unique_ptr<Dict> open_cidr(const OpenRequest& req);
std::unique_ptr<Dict> open_regexp(const OpenRequest& req);
std::unique_ptr<Dict> open_pcre(const OpenRequest& req);  // POSTKIT_HAVE_PCRE2
std::unique_ptr<Dict> open_texthash(const OpenRequest& req);
std::unique_ptr<Dict> open_inline(const OpenRequest& req);
std::unique_ptr<Dict> open_internal(const OpenRequest& req);
std::unique_ptr<Dict> open_static(const OpenRequest& req);
std::unique_ptr<Dict> open_fail(const OpenRequest& req);
std::unique_ptr<Dict> open_environ(const OpenRequest& req);
std::unique_ptr<Dict> open_unionmap(const OpenRequest& req);
std::unique_ptr<Dict> open_pipemap(const OpenRequest& req);
std::unique_ptr<Dict> open_randmap(const OpenRequest& req);

}  // namespace postkit
