// pattern_query.cc: a tiny test driver for the pattern tables, used by
// tests/patterns_diff until and besides the real postmap command.
//
//   pattern_query [-n] TYPE:NAME      reads keys from stdin, one per line, and
//                                     prints "key<TAB>value" for each found,
//                                     as "postmap -q - TYPE:NAME" does.
// Diagnostics go to stderr as "postmap: warning: ..." so the output can be
// compared with real Postfix byte for byte.
#include <iostream>
#include <string>

#include "diag.h"
#include "types.h"

int main(int argc, char** argv) {
  postkit::Diagnostics diag("postmap");
  return postkit::run_command(diag, [&]() -> int {
    if (argc != 2) throw postkit::FatalError("usage: pattern_query TYPE:NAME");
    // The types are opened directly (not through open_map()) so the driver
    // does not depend on the other map types being built.
    std::string spec = argv[1];
    size_t colon = spec.find(':');
    if (colon == std::string::npos) throw postkit::FatalError("bad spec: " + spec);
    postkit::OpenRequest req;
    req.diag = &diag;
    req.type = spec.substr(0, colon);
    req.name = spec.substr(colon + 1);
    std::unique_ptr<postkit::Dict> dict;
    if (req.type == "cidr")
      dict = postkit::open_cidr(req);
    else if (req.type == "regexp")
      dict = postkit::open_regexp(req);
    else if (req.type == "pcre")
      dict = postkit::open_pcre(req);
    else
      throw postkit::FatalError("unsupported dictionary type: " + req.type);
    std::string key, value;
    int status = 1;
    while (std::getline(std::cin, key)) {
      if (dict->lookup(key, &value) == postkit::Status::kFound) {
        std::cout << key << '\t' << value << '\n';
        status = 0;
      }
    }
    return status;
  });
}
