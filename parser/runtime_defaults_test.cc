// runtime_defaults_test.cc: defaults Postfix computes at start-up. Network
// formatting is tested on injected interface lists (the live host's values
// are compared with real Postfix by tests/postconf_defaults_diff); host name
// rules are tested against gethostname() on this host.
#include "runtime_defaults.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include "diag.h"

namespace postkit::runtime_defaults {
namespace {

InterfaceAddress v4(const char* addr, const char* mask) {
  InterfaceAddress a;
  a.family = AF_INET;
  inet_pton(AF_INET, addr, a.addr.data());
  inet_pton(AF_INET, mask, a.mask.data());
  return a;
}

InterfaceAddress v6(const char* addr, int prefix) {
  InterfaceAddress a;
  a.family = AF_INET6;
  inet_pton(AF_INET6, addr, a.addr.data());
  for (int i = 0; i < prefix; ++i) a.mask[i / 8] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
  return a;
}

Lookup lookup_in(std::map<std::string, std::string, std::less<>> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::string fatal_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const FatalError& e) {
    return e.what();
  }
  return "(no FatalError)";
}

const std::vector<InterfaceAddress> kHost = {v4("127.0.0.1", "255.0.0.0"),
                                             v4("192.0.2.2", "255.255.255.0"), v6("::1", 128),
                                             v6("fd00::2", 64), v6("fe80::fc:ff:fe00:1", 64)};

TEST(Mynetworks, SubnetStyle) {
  EXPECT_EQ(format_mynetworks(kHost, NetworkStyle::kSubnet),
            "127.0.0.0/8 192.0.2.0/24 [::1]/128 [fd00::]/64 [fe80::]/64");
}

TEST(Mynetworks, HostStyle) {
  EXPECT_EQ(format_mynetworks(kHost, NetworkStyle::kHost),
            "127.0.0.1/32 192.0.2.2/32 [::1]/128 [fd00::2]/128 [fe80::fc:ff:fe00:1]/128");
}

TEST(Mynetworks, ClassStyleUsesNaturalMasksForIpv4AndSubnetsForIpv6) {
  std::vector<InterfaceAddress> a = {v4("10.1.2.3", "255.255.255.252"),
                                     v4("172.16.5.6", "255.255.255.0"),
                                     v4("192.168.1.9", "255.255.255.255"),
                                     v4("224.1.2.3", "255.255.255.255"), v6("2001:db8::7", 48)};
  EXPECT_EQ(format_mynetworks(a, NetworkStyle::kClass),
            "10.0.0.0/8 172.16.0.0/16 192.168.1.0/24 224.0.0.0/4 [2001:db8::]/48");
  EXPECT_EQ(
      fatal_text([] { format_mynetworks({v4("240.0.0.1", "255.0.0.0")}, NetworkStyle::kClass); }),
      "mynetworks: bad address class: 240.0.0.1");
}

TEST(Mynetworks, OddSubnetMasks) {
  EXPECT_EQ(format_mynetworks({v4("10.1.2.3", "255.255.255.252"), v4("10.9.9.9", "255.255.128.0")},
                              NetworkStyle::kSubnet),
            "10.1.2.0/30 10.9.0.0/17");
  EXPECT_EQ(format_mynetworks({}, NetworkStyle::kSubnet), "");
}

TEST(Mynetworks, StyleParsingAndPostfixErrors) {
  EXPECT_EQ(parse_mynetworks_style("subnet"), NetworkStyle::kSubnet);
  EXPECT_EQ(parse_mynetworks_style(" host, "), NetworkStyle::kHost);
  EXPECT_EQ(parse_mynetworks_style("class"), NetworkStyle::kClass);
  EXPECT_EQ(fatal_text([] { parse_mynetworks_style("Host"); }),
            "unknown mynetworks mask style value \"Host\" in \"Host\"");
  EXPECT_EQ(fatal_text([] { parse_mynetworks_style("host subnet"); }),
            "bad mynetworks_style value: host subnet; specify exactly one value");
  EXPECT_EQ(fatal_text([] { parse_mynetworks_style(""); }),
            "bad mynetworks_style value: ; specify exactly one value");
}

TEST(InetProtocols, Parsing) {
  std::ostringstream err;
  Diagnostics diag("postconf", err);
  EXPECT_EQ(parse_inet_protocols("ipv4", diag), std::vector<int>{AF_INET});
  EXPECT_TRUE(parse_inet_protocols("", diag).empty());
  EXPECT_EQ(parse_inet_protocols("all", diag).front(), AF_INET);
  EXPECT_EQ(fatal_text([&] { parse_inet_protocols("IPv4", diag); }),
            "unknown inet_protocols value \"IPv4\" in \"IPv4\"");
  // IPv6 is listed only where the kernel supports it; otherwise Postfix's
  // warning says it was dropped.
  int s = socket(AF_INET6, SOCK_STREAM, 0);
  bool has_v6 = s >= 0;
  if (s >= 0) close(s);
  EXPECT_EQ(parse_inet_protocols("ipv6, ipv4", diag),
            has_v6 ? (std::vector<int>{AF_INET, AF_INET6}) : std::vector<int>{AF_INET});
  EXPECT_EQ(parse_inet_protocols("ipv6", diag),
            has_v6 ? std::vector<int>{AF_INET6} : std::vector<int>{});
  if (has_v6) {
    EXPECT_EQ(err.str(), "");
  } else {
    EXPECT_NE(err.str().find("postconf: warning: inet_protocols: disabling IPv6 name/address "
                             "support: "),
              std::string::npos);
  }
}

TEST(SettingOrDefault, ExpandsBuiltinDefaultsAgainstExplicitSettings) {
  std::ostringstream err;
  Diagnostics diag("postconf", err);
  // mynetworks_style's default depends on compatibility_level (default 0).
  EXPECT_EQ(setting_or_default("mynetworks_style", lookup_in({}), diag), "subnet");
  EXPECT_EQ(
      setting_or_default("mynetworks_style", lookup_in({{"compatibility_level", "1.9"}}), diag),
      "subnet");
  EXPECT_EQ(setting_or_default("mynetworks_style", lookup_in({{"compatibility_level", "2"}}), diag),
            "host");
  EXPECT_EQ(
      setting_or_default("mynetworks_style", lookup_in({{"compatibility_level", "3.6"}}), diag),
      "host");
  EXPECT_EQ(
      setting_or_default("mynetworks_style", lookup_in({{"mynetworks_style", "class"}}), diag),
      "class");
  EXPECT_EQ(setting_or_default("inet_interfaces", lookup_in({}), diag), "all");
  EXPECT_EQ(err.str(), "");
  // A malformed level: Postfix's warning, then its fatal error.
  EXPECT_EQ(
      fatal_text([&] {
        setting_or_default("mynetworks_style", lookup_in({{"compatibility_level", "junk"}}), diag);
      }),
      "macro processing error");
  EXPECT_EQ(err.str(), "postconf: warning: malformed compatibility level syntax: \"junk\"\n");
}

TEST(OwnAddresses, AllLoopbackAndListedHosts) {
  std::vector<int> fam = {AF_INET, AF_INET6};
  EXPECT_EQ(own_addresses("all", fam, kHost).size(), 5u);
  EXPECT_EQ(format_mynetworks(own_addresses("loopback-only", fam, kHost), NetworkStyle::kSubnet),
            "127.0.0.0/8 [::1]/128");
  // Listed addresses are sorted (IPv4 first) and de-duplicated, and take the
  // netmask of the local interface that has them.
  EXPECT_EQ(format_mynetworks(own_addresses("::1, 192.0.2.2 127.0.0.1,[192.0.2.2]", fam, kHost),
                              NetworkStyle::kSubnet),
            "127.0.0.0/8 192.0.2.0/24 [::1]/128");
  EXPECT_EQ(fatal_text([&] { own_addresses("10.1.1.1", fam, kHost); }),
            "parameter inet_interfaces: no local interface found for 10.1.1.1");
  EXPECT_EQ(fatal_text([&] { own_addresses("nosuchhost.invalid", fam, kHost); }),
            "config variable inet_interfaces: host not found: nosuchhost.invalid");
  // "ALL" is not the keyword: it is looked up as a host name.
  EXPECT_EQ(fatal_text([&] { own_addresses("ALL", fam, kHost); }),
            "config variable inet_interfaces: host not found: ALL");
  EXPECT_TRUE(own_addresses("", fam, kHost).empty());
}

TEST(Mynetworks, FromConfiguration) {
  std::ostringstream err;
  Diagnostics diag("postconf", err);
  // Explicit host style and an explicit interface list need no live lookup
  // beyond resolving a numeric address.
  auto lookup = lookup_in(
      {{"mynetworks_style", "host"}, {"inet_interfaces", "127.0.0.1"}, {"inet_protocols", "ipv4"}});
  EXPECT_EQ(mynetworks(lookup, diag), "127.0.0.1/32");
  // compatibility_level >= 2 makes the default style "host".
  auto compat = lookup_in({{"compatibility_level", "3.6"},
                           {"inet_interfaces", "127.0.0.1"},
                           {"inet_protocols", "ipv4"}});
  EXPECT_EQ(mynetworks(compat, diag), "127.0.0.1/32");
  auto old = lookup_in({{"inet_interfaces", "loopback-only"}, {"inet_protocols", "ipv4"}});
  EXPECT_EQ(mynetworks(old, diag).substr(0, 4), "127.");
  EXPECT_NE(mynetworks(old, diag).find("/"), std::string::npos);
}

std::string system_name() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

TEST(Myhostname, AppendsMydomainOnlyToAShortName) {
  std::string sys = system_name();
  bool fqdn = sys.find('.') != std::string::npos;
  EXPECT_EQ(myhostname(lookup_in({})), fqdn ? sys : sys + ".localdomain");
  EXPECT_EQ(myhostname(lookup_in({{"mydomain", "example.com"}})),
            fqdn ? sys : sys + ".example.com");
}

TEST(Mydomain, FollowsMyhostname) {
  EXPECT_EQ(mydomain(lookup_in({{"myhostname", "a.b.example"}})), "b.example");
  EXPECT_EQ(mydomain(lookup_in({{"myhostname", "nodot"}})), "localdomain");
  std::string sys = system_name();
  auto dot = sys.find('.');
  EXPECT_EQ(mydomain(lookup_in({})),
            dot == std::string::npos ? "localdomain" : sys.substr(dot + 1));
  if (dot == std::string::npos) {
    EXPECT_EQ(mydomain(lookup_in({{"mydomain", "foo"}})), "foo");
  }
}

TEST(RuntimeDefaults, ComputeDispatchesOnlyComputedNames) {
  auto none = lookup_in({});
  EXPECT_EQ(RuntimeDefaults::compute("process_id", none), std::to_string(getpid()));
  EXPECT_EQ(RuntimeDefaults::compute("process_name", none), "parser_unit_tests");
  EXPECT_EQ(RuntimeDefaults::compute("mydomain", none), mydomain(none));
  EXPECT_FALSE(RuntimeDefaults::compute("myorigin", none).has_value());
  EXPECT_FALSE(RuntimeDefaults::compute("no_such_parameter", none).has_value());
  // Every parameter the table marks computed has a function, and no other.
  for (const auto& s : ParamTable::builtin().all())
    EXPECT_EQ(RuntimeDefaults::compute(s.name, none).has_value(), s.computed) << s.name;
}

}  // namespace
}  // namespace postkit::runtime_defaults
