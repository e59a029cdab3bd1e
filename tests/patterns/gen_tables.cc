// gen_tables.cc: writes random cidr/regexp/pcre tables and key files for
// tests/patterns_diff.
//
//   gen_tables DIR SEED COUNT
// writes DIR/N.cidr, DIR/N.regexp, DIR/N.pcre (N = 0..COUNT-1) and for each a
// DIR/N.TYPE.keys file with one key per line. Same seed, same files.
#include <fstream>
#include <iostream>
#include <string>

#include "random_tables.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: gen_tables DIR SEED COUNT\n";
    return 2;
  }
  std::string dir = argv[1];
  postkit::testing::TableGenerator gen(std::stoull(argv[2]));
  int count = std::stoi(argv[3]);
  const std::pair<const char*, postkit::testing::TableKind> kinds[] = {
      {"cidr", postkit::testing::TableKind::kCidr},
      {"regexp", postkit::testing::TableKind::kRegexp},
      {"pcre", postkit::testing::TableKind::kPcre}};
  for (int n = 0; n < count; ++n) {
    for (const auto& [suffix, kind] : kinds) {
      auto t = gen.make(kind, 1 + n % 40, 40);
      std::string base = dir + "/" + std::to_string(n) + "." + suffix;
      std::ofstream(base) << t.text;
      std::ofstream keys(base + ".keys");
      for (const std::string& k : t.keys)
        if (!k.empty()) keys << k << '\n';
      if (!keys) {
        std::cerr << "gen_tables: cannot write " << base << ".keys\n";
        return 1;
      }
    }
  }
  return 0;
}
