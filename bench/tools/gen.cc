// gen: deterministic benchmark input generator for bench/run.
//
// Usage: gen KIND N > file
//   map N        N unique "key value" lines for postmap (hash/btree/lmdb/cdb)
//   mapq N M     N postmap -q - query keys for a map of M entries, half hits
//   cidr N       N cidr_table(5) rules (IPv4 and some IPv6)
//   cidrq N M    N addresses to query against "cidr M", about half inside a rule
//   regexp N     N rules valid both as regexp_table(5) and pcre_table(5)
//   regexpq N M  N strings to query against "regexp M", about a third matching
//   aliases N    N aliases(5) entries with continuation lines and lists
//
// Contract: the output depends only on the arguments (fixed seeds, own PRNG,
// no locale, no libc rand), so every machine benchmarks the same bytes.
// Keys are unique by construction (a bijective 64-bit mix of the index), and
// miss keys use a prefix no hit key has, so "half misses" is exact.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// splitmix64 finaliser: a bijection on 64-bit values, so distinct indexes
// give distinct outputs (which keeps generated keys unique).
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Small deterministic PRNG (splitmix64 stream) with a fixed seed per kind.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() { return mix(state_++); }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }

 private:
  uint64_t state_;
};

std::string base36(uint64_t v) {
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.insert(s.begin(), digits[v % 36]);
    v /= 36;
  } while (v != 0);
  return s;
}

// The i-th map key. Some domains are upper case so that key case folding is
// exercised on compile and on query.
std::string map_key(uint64_t i) {
  uint64_t h = mix(i ^ 0x6d6170ULL);
  std::string domain = "d" + std::to_string(h % 5000) + ".example";
  if (i % 17 == 0) domain = "D" + std::to_string(h % 5000) + ".EXAMPLE";
  switch (i % 4) {
    case 0:
      return "user-" + base36(h) + "@" + domain + ".com";
    case 1:
      return base36(h) + "." + domain + ".net";
    case 2:
      return "list-" + base36(h) + "@" + domain + ".org";
    default:
      return "@" + base36(h) + "." + domain;
  }
}

std::string map_value(uint64_t i) {
  uint64_t h = mix(i ^ 0x76616cULL);
  switch (h % 5) {
    case 0:
      return "OK";
    case 1:
      return "REJECT listed in local policy " + std::to_string(h % 100000);
    case 2:
      return "smtp:[relay" + std::to_string(h % 64) + ".example.net]:25";
    case 3:
      return "mailbox" + std::to_string(h % 100000) + "@backend.example";
    default:
      return "DUNNO";
  }
}

void gen_map(uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) std::printf("%s %s\n", map_key(i).c_str(), map_value(i).c_str());
}

void gen_mapq(uint64_t n, uint64_t m) {
  Rng rng(0x1001);
  for (uint64_t i = 0; i < n; ++i) {
    if (i % 2 == 0 && m > 0) {
      std::printf("%s\n", map_key(rng.next() % m).c_str());
    } else {
      std::string id = base36(rng.next());
      unsigned dom = rng.below(1000);
      std::printf("nobody-%s@miss%u.example.com\n", id.c_str(), dom);
    }
  }
}

// The cidr rule set is a pure function of its index too, so that cidrq can
// aim queries inside rule r without reading the rule file.
struct CidrRule {
  bool v6;
  uint32_t addr4;
  uint16_t addr6[8];
  int len;
};

CidrRule cidr_rule(uint64_t r) {
  uint64_t h = mix(r ^ 0x63696472ULL);
  uint64_t h2 = mix(h);
  CidrRule rule{};
  unsigned kind = h % 100;
  if (kind < 2) {
    rule.v6 = true;
    rule.len = 48 + static_cast<int>(h2 % 17);
    rule.addr6[0] = 0x2001;
    rule.addr6[1] = 0x0db8;
    for (int k = 2; k < 8; ++k) rule.addr6[k] = static_cast<uint16_t>(h2 >> (8 * k));
    for (int bit = rule.len; bit < 128; ++bit) rule.addr6[bit / 16] &= ~(1u << (15 - bit % 16));
    return rule;
  }
  rule.len = kind < 72 ? 32 : kind < 92 ? 24 : 16 + static_cast<int>(h2 % 8);
  // Avoid 0/8, 127/8 and multicast so the rules look like a real block list.
  uint32_t a = static_cast<uint32_t>(h >> 32);
  a = ((1 + (a >> 24) % 222) << 24) | (a & 0x00ffffff);
  if ((a >> 24) == 127) a ^= 0x01000000;
  rule.addr4 = rule.len == 32 ? a : a & ~((1u << (32 - rule.len)) - 1);
  return rule;
}

std::string ip4(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

std::string ip6(const uint16_t* w) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%x:%x:%x:%x:%x:%x:%x:%x", w[0], w[1], w[2], w[3], w[4], w[5],
                w[6], w[7]);
  return buf;
}

void gen_cidr(uint64_t n) {
  std::printf("# generated cidr_table: %llu rules\n", static_cast<unsigned long long>(n));
  for (uint64_t r = 0; r < n; ++r) {
    CidrRule rule = cidr_rule(r);
    std::string net = rule.v6 ? ip6(rule.addr6) : ip4(rule.addr4);
    const char* action = r % 3 == 0 ? "REJECT listed" : r % 3 == 1 ? "554 5.7.1 blocked" : "OK";
    std::printf("%s/%d\t%s %llu\n", net.c_str(), rule.len, action,
                static_cast<unsigned long long>(r));
  }
}

void gen_cidrq(uint64_t n, uint64_t m) {
  Rng rng(0x2002);
  for (uint64_t i = 0; i < n; ++i) {
    if (i % 2 == 0 && m > 0) {
      CidrRule rule = cidr_rule(rng.next() % m);
      if (rule.v6) {
        std::printf("%s\n", ip6(rule.addr6).c_str());
      } else {
        uint32_t host = rule.len == 32 ? 0 : rng.below(1u << (32 - rule.len));
        std::printf("%s\n", ip4(rule.addr4 | host).c_str());
      }
    } else {
      std::printf("%s\n", ip4(static_cast<uint32_t>(rng.next()) | 0x01000000u).c_str());
    }
  }
}

// Regexp rule r has one of four shapes; regexp_match(r) builds a string that
// the rule matches.
void gen_regexp(uint64_t n) {
  std::printf("# generated regexp/pcre table: %llu rules\n", static_cast<unsigned long long>(n));
  for (uint64_t r = 0; r < n; ++r) {
    switch (r % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        std::printf("/^local%llu@example%llu\\.com$/\tREJECT no such user\n",
                    static_cast<unsigned long long>(r), static_cast<unsigned long long>(r % 97));
        break;
      case 4:
      case 5:
      case 6:
        std::printf("/^(.*)@spam%llu\\.example$/\tREJECT $1 sends spam\n",
                    static_cast<unsigned long long>(r));
        break;
      case 7:
      case 8:
        std::printf("/^[^@]+@[a-z]+%llu\\.example\\.(net|org)$/\tDISCARD\n",
                    static_cast<unsigned long long>(r));
        break;
      default:
        std::printf("/^bounce-[0-9]+-%llu@/i\tOK\n", static_cast<unsigned long long>(r));
        break;
    }
  }
}

std::string regexp_match(uint64_t r, Rng& rng) {
  std::string num = std::to_string(r);
  switch (r % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return "local" + num + "@example" + std::to_string(r % 97) + ".com";
    case 4:
    case 5:
    case 6:
      return "sender" + std::to_string(rng.below(1000)) + "@spam" + num + ".example";
    case 7:
    case 8:
      return "x@host" + num + ".example." + (rng.below(2) ? "net" : "org");
    default:
      return "BOUNCE-" + std::to_string(rng.below(100000)) + "-" + num + "@lists.example";
  }
}

void gen_regexpq(uint64_t n, uint64_t m) {
  Rng rng(0x3003);
  for (uint64_t i = 0; i < n; ++i) {
    if (i % 3 == 0 && m > 0) {
      std::printf("%s\n", regexp_match(rng.next() % m, rng).c_str());
    } else {
      unsigned user = rng.below(100000);
      unsigned dom = rng.below(1000);
      std::printf("someone%u@legit%u.example.org\n", user, dom);
    }
  }
}

// aliases(5): single and multi-destination values, continuation lines,
// pipes, :include: lists and comments.
void gen_aliases(uint64_t n) {
  Rng rng(0x4004);
  std::printf("# generated aliases: %llu entries\n", static_cast<unsigned long long>(n));
  for (uint64_t i = 0; i < n; ++i) {
    std::string name = "a" + base36(mix(i ^ 0x616c6961ULL));
    // Draw the random numbers in a fixed order (argument evaluation order is not).
    unsigned u1 = rng.below(100000), u2 = rng.below(100000), u3 = rng.below(100000);
    unsigned s1 = rng.below(1000), s2 = rng.below(1000);
    if (i % 50 == 0) std::printf("# block %llu\n", static_cast<unsigned long long>(i / 50));
    switch (i % 6) {
      case 0:
        std::printf("%s: user%u\n", name.c_str(), u1);
        break;
      case 1:
        std::printf("%s: user%u, user%u@example.com, user%u\n", name.c_str(), u1, u2, u3);
        break;
      case 2:  // continuation lines start with whitespace
        std::printf("%s: first%u,\n\tsecond%u@example.net,\n  third%u\n", name.c_str(), u1, u2, u3);
        break;
      case 3:
        std::printf("%s: \"|/usr/bin/procmail -a %u\"\n", name.c_str(), s1);
        break;
      case 4:
        std::printf("%s: :include:/etc/postfix/lists/%s\n", name.c_str(), name.c_str());
        break;
      default:
        std::printf("%s: /var/spool/archive/%u, owner%u\n", name.c_str(), s1, s2);
        break;
    }
  }
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: gen map|cidr|regexp|aliases N | gen mapq|cidrq|regexpq N M\n");
  std::exit(2);
}

uint64_t number(const char* s) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(s, &end, 10);
  if (end == s || *end != '\0') usage();
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) usage();
  std::string kind = argv[1];
  uint64_t n = number(argv[2]);
  uint64_t m = argc > 3 ? number(argv[3]) : 0;
  bool needs_m = kind == "mapq" || kind == "cidrq" || kind == "regexpq";
  if (argc != (needs_m ? 4 : 3)) usage();
  if (kind == "map")
    gen_map(n);
  else if (kind == "mapq")
    gen_mapq(n, m);
  else if (kind == "cidr")
    gen_cidr(n);
  else if (kind == "cidrq")
    gen_cidrq(n, m);
  else if (kind == "regexp")
    gen_regexp(n);
  else if (kind == "regexpq")
    gen_regexpq(n, m);
  else if (kind == "aliases")
    gen_aliases(n);
  else
    usage();
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::perror("gen: write");
    return 1;
  }
  return 0;
}
