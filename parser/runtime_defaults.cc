// runtime_defaults.cc: defaults Postfix computes at program start (host name,
// domain, local networks, process id and name). See runtime_defaults.h for the
// contract; each function mirrors what Postfix 3.7's postconf prints, checked
// against the installed binary by tests/postconf_defaults_diff.
#include "runtime_defaults.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "diag.h"
#include "expander.h"

namespace postkit::runtime_defaults {

namespace {

constexpr std::string_view kDefaultDomain = "localdomain";  // DEF_MYDOMAIN

// Splits on any of `seps`, dropping empty tokens (Postfix's mystrtok()).
std::vector<std::string> tokens(std::string_view text, std::string_view seps) {
  std::vector<std::string> out;
  std::string_view::size_type i = 0;
  while (i < text.size()) {
    auto start = text.find_first_not_of(seps, i);
    if (start == std::string_view::npos) break;
    auto end = text.find_first_of(seps, start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    i = end;
  }
  return out;
}

std::string value_or(const Lookup& lookup, std::string_view name, std::string_view fallback) {
  if (auto v = lookup(name)) return *v;
  return std::string(fallback);
}

std::string address_text(const InterfaceAddress& a) {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(a.family, a.addr.data(), buf, sizeof buf);
  return buf;
}

std::size_t address_bytes(int family) {
  return family == AF_INET ? 4 : 16;
}

InterfaceAddress from_sockaddr(const sockaddr* addr, const sockaddr* mask) {
  InterfaceAddress a;
  a.family = addr->sa_family;
  if (a.family == AF_INET) {
    std::memcpy(a.addr.data(), &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, 4);
    if (mask) std::memcpy(a.mask.data(), &reinterpret_cast<const sockaddr_in*>(mask)->sin_addr, 4);
  } else {
    std::memcpy(a.addr.data(), &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, 16);
    if (mask)
      std::memcpy(a.mask.data(), &reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr, 16);
  }
  return a;
}

bool same_address(const InterfaceAddress& a, const InterfaceAddress& b) {
  return a.family == b.family &&
         std::memcmp(a.addr.data(), b.addr.data(), address_bytes(a.family)) == 0;
}

bool is_loopback(const InterfaceAddress& a) {
  if (a.family == AF_INET) return a.addr[0] == 127;
  static constexpr std::array<std::uint8_t, 16> kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0,
                                                              0, 0, 0, 0, 0, 0, 0, 1};
  return a.addr == kLoopback6;
}

// Number of leading one bits of a contiguous netmask.
int prefix_length(const InterfaceAddress& a) {
  int bits = 0;
  for (std::size_t i = 0; i < address_bytes(a.family); ++i)
    for (int b = 7; b >= 0; --b)
      if (a.mask[i] & (1u << b)) bits = static_cast<int>(i) * 8 + (8 - b);
  return bits;
}

// The host's name as Postfix's get_hostname() reports it: gethostname(),
// validated the way Postfix refuses an unusable name.
std::string system_hostname() {
  char buf[256 + 1] = {};
  if (gethostname(buf, sizeof buf - 1) < 0)
    throw FatalError(std::string("gethostname: ") + std::strerror(errno));
  std::string name(buf);
  bool ok =
      !name.empty() && name.size() <= 255 &&
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") ==
          std::string::npos;
  if (!ok) throw FatalError("unable to use my own hostname");
  return name;
}

// Resolves one inet_interfaces entry ("host", "addr" or "[addr]") to
// addresses of the given families, as Postfix's inet_addr_host().
std::vector<InterfaceAddress> resolve_host(std::string host, const std::vector<int>& families) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_family = families.size() == 1 ? families[0] : AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  std::vector<InterfaceAddress> out;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0) return out;
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(res, freeaddrinfo);
  for (const addrinfo* ai = res; ai; ai = ai->ai_next)
    if (std::find(families.begin(), families.end(), ai->ai_family) != families.end())
      out.push_back(from_sockaddr(ai->ai_addr, nullptr));
  return out;
}

}  // namespace

NetworkStyle parse_mynetworks_style(std::string_view value) {
  auto words = tokens(value, " \t\r\n,");
  for (const auto& w : words)
    if (w != "class" && w != "subnet" && w != "host")
      throw FatalError("unknown mynetworks mask style value \"" + w + "\" in \"" +
                       std::string(value) + "\"");
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  if (words.size() != 1)
    throw FatalError("bad mynetworks_style value: " + std::string(value) +
                     "; specify exactly one value");
  if (words[0] == "class") return NetworkStyle::kClass;
  if (words[0] == "subnet") return NetworkStyle::kSubnet;
  return NetworkStyle::kHost;
}

std::vector<int> parse_inet_protocols(std::string_view value, Diagnostics& diag) {
  bool v4 = false, v6 = false;
  for (const auto& w : tokens(value, " \t\r\n,")) {
    if (w == "ipv4") {
      v4 = true;
    } else if (w == "ipv6") {
      v6 = true;
    } else if (w == "all") {
      v4 = v6 = true;
    } else {
      throw FatalError("unknown inet_protocols value \"" + w + "\" in \"" + std::string(value) +
                       "\"");
    }
  }
  // A family the kernel lacks is dropped with Postfix's warning; any other
  // socket() failure is fatal, as in Postfix's inet_proto_init().
  auto available = [&diag](int family, const char* label) {
    int s = socket(family, SOCK_STREAM, 0);
    if (s >= 0) {
      close(s);
      return true;
    }
    if (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT) {
      diag.warning(std::string("inet_protocols: disabling ") + label +
                   " name/address support: " + std::strerror(errno));
      return false;
    }
    throw FatalError(std::string("socket: ") + std::strerror(errno));
  };
  if (v6) v6 = available(AF_INET6, "IPv6");
  if (v4) v4 = available(AF_INET, "IPv4");
  std::vector<int> families;
  if (v4) families.push_back(AF_INET);
  if (v6) families.push_back(AF_INET6);
  return families;
}

std::string setting_or_default(std::string_view name, const Lookup& lookup, Diagnostics& diag) {
  if (auto v = lookup(name)) return *v;
  const ParamSpec* spec = ParamTable::builtin().find(name);
  if (!spec || spec->computed) return std::string();
  // Names inside the default resolve the same way: explicit settings first,
  // then constant built-in defaults.
  Expander expander(
      [&lookup](std::string_view other) -> std::optional<std::string> {
        if (auto v = lookup(other)) return v;
        const ParamSpec* s = ParamTable::builtin().find(other);
        if (s && !s->computed) return s->default_value;
        return std::nullopt;
      },
      diag);
  Expander::Status status;
  std::string value = expander.expand(spec->default_value, Expander::kRecurse, &status);
  if (status.error) throw FatalError("macro processing error");
  return value;
}

std::vector<InterfaceAddress> local_interface_addresses(const std::vector<int>& families) {
  std::vector<InterfaceAddress> out;
  for (int family : families) {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) < 0)
      throw FatalError(std::string("inet_addr_local[getifaddrs]: getifaddrs: ") +
                       std::strerror(errno));
    std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> guard(list, freeifaddrs);
    for (const ifaddrs* ifa = list; ifa; ifa = ifa->ifa_next) {
      // Interfaces that are down are skipped, as Postfix does; the
      // unspecified address is never one of ours.
      if (!(ifa->ifa_flags & IFF_UP) || !ifa->ifa_addr || ifa->ifa_addr->sa_family != family)
        continue;
      InterfaceAddress a = from_sockaddr(ifa->ifa_addr, ifa->ifa_netmask);
      if (std::all_of(a.addr.begin(), a.addr.begin() + address_bytes(family),
                      [](std::uint8_t b) { return b == 0; }))
        continue;
      out.push_back(a);
    }
  }
  return out;
}

std::vector<InterfaceAddress> own_addresses(std::string_view inet_interfaces,
                                            const std::vector<int>& families,
                                            const std::vector<InterfaceAddress>& local) {
  if (inet_interfaces == "all") return local;
  if (inet_interfaces == "loopback-only") {
    std::vector<InterfaceAddress> out;
    std::copy_if(local.begin(), local.end(), std::back_inserter(out), is_loopback);
    return out;
  }
  std::vector<InterfaceAddress> out;
  for (const auto& host : tokens(inet_interfaces, " \t,")) {
    auto found = resolve_host(host, families);
    if (found.empty()) throw FatalError("config variable inet_interfaces: host not found: " + host);
    out.insert(out.end(), found.begin(), found.end());
  }
  // Postfix's inet_addr_list_uniq(): sorted by family, then address bytes.
  auto less = [](const InterfaceAddress& a, const InterfaceAddress& b) {
    if (a.family != b.family) return a.family < b.family;
    return std::memcmp(a.addr.data(), b.addr.data(), address_bytes(a.family)) < 0;
  };
  std::sort(out.begin(), out.end(), less);
  out.erase(std::unique(out.begin(), out.end(), same_address), out.end());
  for (auto& a : out) {
    auto it = std::find_if(local.begin(), local.end(),
                           [&](const InterfaceAddress& l) { return same_address(a, l); });
    if (it == local.end())
      throw FatalError("parameter inet_interfaces: no local interface found for " +
                       address_text(a));
    a.mask = it->mask;
  }
  return out;
}

std::string format_mynetworks(const std::vector<InterfaceAddress>& addresses, NetworkStyle style) {
  std::string out;
  for (InterfaceAddress net : addresses) {
    int bits;
    const int width = static_cast<int>(address_bytes(net.family)) * 8;
    if (style == NetworkStyle::kHost) {
      bits = width;
    } else if (style == NetworkStyle::kClass && net.family == AF_INET) {
      std::uint8_t top = net.addr[0];
      if (top < 128) {
        bits = 8;
      } else if (top < 192) {
        bits = 16;
      } else if (top < 224) {
        bits = 24;
      } else if (top < 240) {
        bits = 4;  // class D
      } else {
        throw FatalError("mynetworks: bad address class: " + address_text(net));
      }
    } else {
      // Subnet style, and class style for IPv6, which has no classes.
      bits = prefix_length(net);
    }
    for (int i = 0; i < width; ++i)
      if (i >= bits) net.addr[i / 8] &= static_cast<std::uint8_t>(~(0x80u >> (i % 8)));
    if (!out.empty()) out += ' ';
    if (net.family == AF_INET6)
      out += "[" + address_text(net) + "]/" + std::to_string(bits);
    else
      out += address_text(net) + "/" + std::to_string(bits);
  }
  return out;
}

std::string myhostname(const Lookup& lookup) {
  // A host name without a dot gets $mydomain (as configured, else the
  // built-in "localdomain") appended.
  std::string name = system_hostname();
  if (name.find('.') == std::string::npos)
    name += "." + value_or(lookup, "mydomain", kDefaultDomain);
  return name;
}

std::string mydomain(const Lookup& lookup) {
  auto configured = lookup("myhostname");
  std::string host = configured ? *configured : myhostname(lookup);
  auto dot = host.find('.');
  if (dot == std::string::npos) return std::string(kDefaultDomain);
  return host.substr(dot + 1);
}

std::string mynetworks(const Lookup& lookup, Diagnostics& diag) {
  NetworkStyle style = parse_mynetworks_style(setting_or_default("mynetworks_style", lookup, diag));
  auto families = parse_inet_protocols(setting_or_default("inet_protocols", lookup, diag), diag);
  auto local = local_interface_addresses(families);
  return format_mynetworks(
      own_addresses(setting_or_default("inet_interfaces", lookup, diag), families, local), style);
}

std::string process_id() {
  return std::to_string(getpid());
}

std::string process_name() {
  // glibc keeps the basename of argv[0], which is what Postfix reports.
  return program_invocation_short_name;
}

}  // namespace postkit::runtime_defaults

namespace postkit {

std::optional<std::string> RuntimeDefaults::compute(std::string_view name, const Lookup& lookup,
                                                    Diagnostics& diag) {
  namespace rd = runtime_defaults;
  if (name == "myhostname") return rd::myhostname(lookup);
  if (name == "mydomain") return rd::mydomain(lookup);
  if (name == "mynetworks") return rd::mynetworks(lookup, diag);
  if (name == "process_id") return rd::process_id();
  if (name == "process_name") return rd::process_name();
  return std::nullopt;
}

std::optional<std::string> RuntimeDefaults::compute(std::string_view name, const Lookup& lookup) {
  // Warnings go to standard error under the program's name, as Postfix's do.
  Diagnostics diag(program_invocation_short_name);
  return compute(name, lookup, diag);
}

}  // namespace postkit
