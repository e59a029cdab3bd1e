// runtime_defaults.h: the parameter defaults Postfix computes when a program
// starts instead of compiling them in (the rows of share/parameters.tsv marked
// computed): myhostname, mydomain, mynetworks, process_id, process_name.
// RuntimeDefaults::compute (param_table.h) dispatches to the named functions
// here; they are public so tests and postlint can use the pieces.
//
// The Lookup passed in follows Postfix's mail_conf_lookup_eval(): it returns
// the fully expanded value of a parameter that the configuration sets
// explicitly (main.cf or a -o override), and nullopt when the parameter is not
// set, so that the computation falls back to built-in defaults as Postfix
// does. For `postconf -d` pass a lookup that always returns nullopt: Postfix
// computes -d values as if main.cf were empty.
//
// Errors that make Postfix exit (an unknown mynetworks_style, an
// inet_interfaces host that does not resolve or is not local) throw
// FatalError with Postfix's text.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diag.h"
#include "param_table.h"

namespace postkit::runtime_defaults {

using Lookup = RuntimeDefaults::Lookup;

// An interface address with its netmask; family is AF_INET or AF_INET6 and
// only the first 4 bytes of addr/mask are used for AF_INET.
struct InterfaceAddress {
  int family = 0;
  std::array<std::uint8_t, 16> addr{};
  std::array<std::uint8_t, 16> mask{};
};

enum class NetworkStyle { kClass, kSubnet, kHost };

// "class", "subnet" or "host" (case-sensitive; separators " \t\r\n,"), exactly one.
NetworkStyle parse_mynetworks_style(std::string_view value);

// inet_protocols ("all", "ipv4", "ipv6", combinations) as address families,
// always IPv4 before IPv6 as Postfix orders them. A family the kernel does not
// support is left out with Postfix's warning ("inet_protocols: disabling IPv6
// name/address support: ...") on diag.
std::vector<int> parse_inet_protocols(std::string_view value, Diagnostics& diag);

// The value of a parameter that the computation needs: lookup(name) when it is
// set, else its built-in default expanded (with kRecurse) against the same
// rule. This is how mynetworks_style's default,
// ${{$compatibility_level} <level {2} ? {subnet} : {host}}, is evaluated, with
// Postfix's warnings on diag; an expansion error throws FatalError
// "macro processing error" as Postfix exits.
std::string setting_or_default(std::string_view name, const Lookup& lookup, Diagnostics& diag);

// Every address of an interface that is up, for the given families, in the
// system's order (getifaddrs), as Postfix's inet_addr_local().
std::vector<InterfaceAddress> local_interface_addresses(const std::vector<int>& families);

// The addresses Postfix considers its own for an inet_interfaces value: all
// local ones for "all", the loopback ones for "loopback-only", else each
// listed host or address resolved, duplicates removed and sorted, each with
// the netmask of the local interface that has it. `local` is what
// local_interface_addresses() returned (a parameter so tests can inject it).
std::vector<InterfaceAddress> own_addresses(std::string_view inet_interfaces,
                                            const std::vector<int>& families,
                                            const std::vector<InterfaceAddress>& local);

// The mynetworks patterns for the addresses in the given style, e.g.
// "127.0.0.0/8 [::1]/128".
std::string format_mynetworks(const std::vector<InterfaceAddress>& addresses, NetworkStyle style);

std::string myhostname(const Lookup& lookup);
std::string mydomain(const Lookup& lookup);
std::string mynetworks(const Lookup& lookup, Diagnostics& diag);
std::string process_id();
std::string process_name();

}  // namespace postkit::runtime_defaults
