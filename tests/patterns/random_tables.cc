// random_tables.cc: the generator behind random_tables.h. Addresses and
// strings come from small alphabets so that rules overlap and keys hit.
#include "random_tables.h"

namespace postkit::testing {

namespace {

// Clears the host bits of a dotted IPv4 address for prefix length len.
std::string v4_network(uint32_t a, int len) {
  uint32_t mask = len == 0 ? 0 : ~uint32_t(0) << (32 - len);
  a &= mask;
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

}  // namespace

std::string TableGenerator::cidr_pattern() {
  std::string neg = chance(15) ? "!" : "";
  if (chance(20)) {
    // IPv6 from a small space: 2001:db8:X::Y.
    static const char* nets[] = {
        "2001:db8::/32", "2001:db8:1::/48",        "2001:db8:1::1",       "2001:db8:2::/64",
        "::/0",          "2001:db8:1:0:8000::/65", "::ffff:10.0.0.0/104", "2001:db8:1::2/127"};
    return neg + nets[pick(8)];
  }
  static const uint32_t octets[] = {0, 1, 2, 128, 255};
  uint32_t a = (10u << 24) | (octets[pick(5)] << 16) | (octets[pick(5)] << 8) | octets[pick(5)];
  if (chance(5)) a = (192u << 24) | (168u << 16) | (octets[pick(5)] << 8) | octets[pick(5)];
  int len = chance(30) ? 32 : pick(33);
  std::string net = v4_network(a, len);
  if (chance(3)) return neg + net + "/" + std::to_string(len) + "x";  // bad mask value
  if (chance(3)) return neg + net + "/33";                            // bad mask length
  if (chance(3) && len < 32) return neg + v4_network(a | 1, 32) + "/" + std::to_string(len);
  if (len == 32 && chance(50)) return neg + net;
  if (chance(10)) return neg + "[" + net + "]/" + std::to_string(len);
  return neg + net + "/" + std::to_string(len);
}

std::string TableGenerator::cidr_key() {
  if (chance(15)) {
    static const char* keys[] = {
        "2001:db8::1",   "2001:db8:1::1",   "2001:db8:1::2",        "2001:db8:1::3",
        "2001:db8:2::5", "::ffff:10.1.2.3", "2001:db8:1:0:8000::1", "fe80::1",
        "junk",          "10.1.2"};
    return keys[pick(10)];
  }
  static const uint32_t octets[] = {0, 1, 2, 3, 128, 129, 255};
  uint32_t first = chance(90) ? 10 : 192;
  uint32_t second = first == 192 ? 168 : octets[pick(7)];
  return std::to_string(first) + "." + std::to_string(second) + "." +
         std::to_string(octets[pick(7)]) + "." + std::to_string(octets[pick(7)]);
}

std::string TableGenerator::regex_body(bool pcre, int depth) {
  std::string out;
  int atoms = 1 + pick(4);
  for (int i = 0; i < atoms; ++i) {
    int k = pick(12);
    std::string atom;
    if (k <= 4) {
      static const char* lits[] = {"a", "b", "c", "ab", "ba", "abc", "A", "x.y"};
      atom = lits[pick(8)];
      if (atom == "x.y") atom = chance(50) ? "x\\.y" : "x.y";
    } else if (k == 5) {
      atom = ".";
    } else if (k == 6) {
      atom = chance(50) ? "[ab]" : "[^a]";
    } else if (k == 7 && depth < 2) {
      atom = "(" + regex_body(pcre, depth + 1) + ")";
    } else if (k == 8 && depth < 2) {
      atom = "(" + regex_body(pcre, depth + 1) + "|" + regex_body(pcre, depth + 1) + ")";
    } else if (k == 9 && pcre) {
      atom = chance(50) ? "\\d" : "(?:b|c)";
    } else {
      atom = "c";
    }
    int q = pick(10);
    if (q == 0) atom += "*";
    if (q == 1) atom += "+";
    if (q == 2) atom += "?";
    if (q == 3) atom += "{1,2}";
    if (q == 4 && pcre) atom += "+?";
    out += atom;
  }
  return out;
}

std::string TableGenerator::regex_pattern(bool pcre, bool* has_group) {
  std::string body = regex_body(pcre, 0);
  if (chance(15)) body = "^" + body;
  if (chance(15)) body += "$";
  if (chance(5)) body += "|" + regex_body(pcre, 0);
  if (chance(2)) body += "(";  // compile error
  *has_group = body.find('(') != std::string::npos && body.find("(?:") == std::string::npos;
  std::string flags;
  const char* choices = pcre ? "imsxAEU" : "imx";
  int n = pick(3) == 0 ? 1 : 0;
  for (int i = 0; i < n; ++i) flags += choices[pick(pcre ? 7 : 3)];
  std::string neg = chance(15) ? "!" : "";
  return neg + "/" + body + "/" + flags;
}

std::string TableGenerator::regex_key() {
  static const char alphabet[] = "abcABx.y1";
  int len = pick(9);
  std::string key;
  for (int i = 0; i < len; ++i) key += alphabet[pick(9)];
  return key;
}

RandomTable TableGenerator::make(TableKind kind, int rules, int keys) {
  RandomTable t;
  int depth = 0;
  for (int i = 0; i < rules; ++i) {
    TableItem item;
    int k = pick(100);
    if (k < 12) {
      item.op = TableItem::kIf;
      ++depth;
    } else if (k < 22 && depth > 0) {
      item.op = TableItem::kEndif;
      --depth;
    } else if (k < 24) {
      item.op = chance(50) ? TableItem::kEndif : TableItem::kJunk;  // stray / junk
    }
    bool group = false;
    if (item.op == TableItem::kIf || item.op == TableItem::kMatch)
      item.pattern = kind == TableKind::kCidr ? cidr_pattern()
                                              : regex_pattern(kind == TableKind::kPcre, &group);
    if (item.op == TableItem::kMatch) {
      item.value = "r" + std::to_string(i);
      // regexp's "/re1/!/re2/" form: re1 matches and re2 does not ("!!" = does).
      if (kind == TableKind::kRegexp && item.pattern[0] != '!' && chance(8)) {
        bool unused;
        std::string second = regex_pattern(false, &unused);
        if (second[0] == '!') second.erase(0, 1);
        item.second = (chance(50) ? "!" : "!!") + second;
      }
      if (group && item.pattern[0] != '!' && chance(60)) item.value += "-$1-${1}$$";
    }
    t.items.push_back(item);
  }
  if (depth > 0 && chance(70))
    while (depth-- > 0) t.items.push_back({TableItem::kEndif, "", "", ""});
  for (const TableItem& item : t.items) {
    switch (item.op) {
      case TableItem::kMatch:
        t.text += item.pattern + item.second + " " + item.value + "\n";
        break;
      case TableItem::kIf:
        t.text += "if " + item.pattern + "\n";
        break;
      case TableItem::kEndif:
        t.text += "endif\n";
        break;
      case TableItem::kJunk:
        t.text += "junk line\n";
        break;
    }
  }
  for (int i = 0; i < keys; ++i)
    t.keys.push_back(kind == TableKind::kCidr ? cidr_key() : regex_key());
  return t;
}

}  // namespace postkit::testing
