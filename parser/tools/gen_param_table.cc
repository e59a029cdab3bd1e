// gen_param_table.cc: build-time tool that turns share/parameters.tsv into a
// C++ initializer list (one `{name, type, default, computed, unit},` row per
// parameter) included by parser/param_table.cc, so the built-in table is
// compiled in and nothing reads the file at run time.
//
// Usage: gen_param_table IN.tsv OUT.inc
// The columns are documented in share/parameters.README.md. Any malformed row
// (wrong column count, unknown type, bad unit) fails the build with a message
// naming the line, rather than producing a table that silently lacks it.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::string::size_type start = 0;
  for (;;) {
    auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

// A C++ string literal for arbitrary bytes. Octal escapes are always three
// digits so a following digit cannot extend them.
std::string literal(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f || c == '?') {  // '?' avoids trigraphs
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: gen_param_table IN.tsv OUT.inc\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "gen_param_table: cannot open " << argv[1] << "\n";
    return 1;
  }
  const std::map<std::string, std::string> types = {
      {"string", "kString"}, {"raw", "kRaw"},   {"bool", "kBool"}, {"int", "kInt"},
      {"long", "kLong"},     {"time", "kTime"}, {"size", "kSize"}, {"list", "kList"}};
  std::ostringstream out;
  out << "// Generated from share/parameters.tsv by parser/tools/gen_param_table.cc.\n";
  std::string line;
  long lineno = 0;
  int rows = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    auto fail = [&](const std::string& why) {
      std::cerr << argv[1] << ", line " << lineno << ": " << why << "\n";
      return 1;
    };
    auto f = split_tabs(line);
    if (f.size() != 6) return fail("expected 6 tab-separated columns");
    // f[2], Postfix's own table class, is documentation only: postkit's type
    // already says what a reader of the value needs.
    const std::string& name = f[0];
    const std::string& type = f[1];
    const std::string& unit = f[3];
    const std::string& computed = f[4];
    const std::string& def = f[5];
    auto t = types.find(type);
    if (name.empty()) return fail("empty name");
    if (t == types.end()) return fail("unknown type '" + type + "'");
    if (computed != "yes" && computed != "no") return fail("computed must be yes or no");
    char unit_char = 0;
    if (type == "time") {
      if (unit.size() != 1 || std::string("smhdw").find(unit[0]) == std::string::npos)
        return fail("time parameter needs a unit of s, m, h, d or w");
      unit_char = unit[0];
    } else if (unit != "-") {
      return fail("only time parameters have a unit");
    }
    out << "{" << literal(name) << ", ParamType::" << t->second << ", " << literal(def) << ", "
        << (computed == "yes" ? "true" : "false") << ", "
        << (unit_char ? "'" + std::string(1, unit_char) + "'" : std::string("0")) << "},\n";
    ++rows;
  }
  if (rows == 0) {
    std::cerr << argv[1] << ": no parameters\n";
    return 1;
  }
  std::ofstream o(argv[2], std::ios::binary | std::ios::trunc);
  o << out.str();
  o.close();
  if (!o) {
    std::cerr << "gen_param_table: cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}
