// master_cf_options.cc: postconf 3.7's option compatibility matrix. Postfix
// first makes the default mode explicit (-p when no major mode is given, -e
// when a main.cf/master.cf mode has a name=value operand), then rejects
// mutually exclusive options ("specify one of ...") and options a major mode
// does not take ("with option -M, do not specify -n"), naming options in the
// order of its option table. (-C takes no part in these rules in 3.7.)
#include <array>
#include <cstdint>
#include <string>

#include "master_cf.h"

namespace postkit::postconf {
namespace {

// One bit per option, in Postfix's option-table order (used for messages).
enum Bit : uint32_t {
  kA = 1u << 0,      // -a
  kCapA = 1u << 1,   // -A
  kB = 1u << 2,      // -b
  kD = 1u << 3,      // -d
  kE = 1u << 4,      // -e
  kF = 1u << 5,      // -f
  kCapF = 1u << 6,   // -F
  kH = 1u << 7,      // -h
  kCapH = 1u << 8,   // -H
  kL = 1u << 9,      // -l
  kM = 1u << 10,     // -m
  kCapM = 1u << 11,  // -M
  kN = 1u << 12,     // -n
  kO = 1u << 13,     // -o
  kP = 1u << 14,     // -p
  kCapP = 1u << 15,  // -P
  kT = 1u << 16,     // -t
  kCapT = 1u << 17,  // -T
  kX = 1u << 18,     // -x
  kCapX = 1u << 19,  // -X
  kHash = 1u << 20,  // -#
};
constexpr std::array<const char*, 21> kNames = {"-a", "-A", "-b", "-d", "-e", "-f", "-F",
                                                "-h", "-H", "-l", "-m", "-M", "-n", "-o",
                                                "-p", "-P", "-t", "-T", "-x", "-X", "-#"};

constexpr uint32_t kMajor = kA | kCapA | kB | kL | kM | kT | kP | kCapM | kCapF | kCapP | kCapT;
constexpr uint32_t kMainOrMaster = kP | kCapM | kCapF | kCapP;

constexpr std::array<uint32_t, 6> kExclusive = {
    kMajor,
    kD | kE | kN | kHash | kCapX,
    kF | kE | kHash | kCapX,
    kX | kE | kHash | kCapX,
    kO | kD | kE | kHash | kCapX,
    kH | kE | kHash | kCapX | kCapH,
};

struct Compat {
  uint32_t mode;
  uint32_t allowed;
};
constexpr std::array<Compat, 11> kCompat = {{
    {kA, 0},
    {kCapA, 0},
    {kB, 0},
    {kL, 0},
    {kM, 0},
    {kCapT, 0},
    {kT, 0},
    {kP, kE | kCapX | kHash | kF | kH | kX | kD | kN | kO | kCapH},
    {kCapM, kE | kCapX | kHash | kF | kO | kX},
    {kCapF, kE | kF | kH | kO | kX | kCapH},
    {kCapP, kE | kCapX | kF | kH | kO | kX | kCapH},
}};

std::string names_of(uint32_t bits) {
  std::string out;
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (bits & (1u << i)) {
      if (!out.empty()) out += ' ';
      out += kNames[i];
    }
  }
  return out;
}

uint32_t explicit_bits(const Options& o) {
  uint32_t m = 0;
  if (o.sasl_server) m |= kA;
  if (o.sasl_client) m |= kCapA;
  if (o.bounce) m |= kB;
  if (o.defaults) m |= kD;
  if (o.edit) m |= kE;
  if (o.fold) m |= kF;
  if (o.fields) m |= kCapF;
  if (o.hide_name) m |= kH;
  if (o.hide_value) m |= kCapH;
  if (o.locks) m |= kL;
  if (o.map_types) m |= kM;
  if (o.master) m |= kCapM;
  if (o.non_default) m |= kN;
  if (!o.overrides.empty()) m |= kO;
  if (o.main_params) m |= kP;
  if (o.service_params) m |= kCapP;
  if (o.templates) m |= kT;
  if (!o.tls_mode.empty()) m |= kCapT;
  if (o.expand) m |= kX;
  if (o.remove) m |= kCapX;
  if (o.comment_out) m |= kHash;
  return m;
}

uint32_t effective_bits(const Options& o) {
  uint32_t m = explicit_bits(o);
  if ((m & kMajor) == 0) m |= kP;
  if ((m & kMainOrMaster) && !o.operands.empty() &&
      o.operands.front().find('=') != std::string::npos)
    m |= kE;
  return m;
}

}  // namespace

bool implies_edit(const Options& opts) {
  return (effective_bits(opts) & kE) != 0;
}

void check_option_combinations(const Options& opts) {
  uint32_t mode = effective_bits(opts);
  for (uint32_t set : kExclusive) {
    uint32_t present = mode & set;
    if (present & (present - 1)) throw FatalError("specify one of " + names_of(present));
  }
  for (const Compat& c : kCompat) {
    uint32_t excess = mode & ~(c.mode | c.allowed);
    if ((mode & c.mode) && excess)
      throw FatalError("with option " + names_of(c.mode) + ", do not specify " + names_of(excess));
  }
  if ((mode & kE) && opts.operands.empty()) throw FatalError("-e requires name=value argument");
}

}  // namespace postkit::postconf
