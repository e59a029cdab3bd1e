// service_params.cc: service-derived parameter names (see service_params.h).
// The suffix lists are Postfix 3.7's, read from the postconf binary's
// service table and checked by tests/postconf_defaults_diff against
// `postconf -d` with Debian's master.cf and custom services.
#include "service_params.h"

#include <set>
#include <string>
#include <utility>

namespace postkit {

namespace {

struct Suffix {
  std::string_view suffix;
  std::string_view fallback;  // the global parameter named by the default
};

// Per-transport scheduler parameters of delivery agents.
constexpr Suffix kTransportSuffixes[] = {
    {"_recipient_limit", "default_recipient_limit"},
    {"_extra_recipient_limit", "default_extra_recipient_limit"},
    {"_recipient_refill_limit", "default_recipient_refill_limit"},
    {"_recipient_refill_delay", "default_recipient_refill_delay"},
    {"_delivery_slot_cost", "default_delivery_slot_cost"},
    {"_delivery_slot_loan", "default_delivery_slot_loan"},
    {"_delivery_slot_discount", "default_delivery_slot_discount"},
    {"_minimum_delivery_slots", "default_minimum_delivery_slots"},
    {"_initial_destination_concurrency", "initial_destination_concurrency"},
    {"_destination_concurrency_limit", "default_destination_concurrency_limit"},
    {"_destination_recipient_limit", "default_destination_recipient_limit"},
    {"_destination_concurrency_positive_feedback",
     "default_destination_concurrency_positive_feedback"},
    {"_destination_concurrency_negative_feedback",
     "default_destination_concurrency_negative_feedback"},
    {"_destination_concurrency_failed_cohort_limit",
     "default_destination_concurrency_failed_cohort_limit"},
    {"_destination_rate_delay", "default_destination_rate_delay"},
    {"_transport_rate_delay", "default_transport_rate_delay"},
};

// External commands run by pipe(8) and spawn(8) have a time limit.
constexpr Suffix kTimeLimit = {"_time_limit", "command_time_limit"};

enum class Kind { kNone, kTransport, kPipe, kSpawn };

Kind command_kind(std::string_view command) {
  for (std::string_view agent : {"local", "error", "virtual", "smtp", "lmtp"})
    if (command == agent) return Kind::kTransport;
  if (command == "pipe") return Kind::kPipe;
  if (command == "spawn") return Kind::kSpawn;
  return Kind::kNone;
}

void add(std::vector<ParamSpec>& out, std::string_view service, const Suffix& s,
         const ParamTable& builtin) {
  std::string name = std::string(service) + std::string(s.suffix);
  if (builtin.find(name)) return;  // a built-in definition wins
  ParamSpec spec;
  spec.name = std::move(name);
  spec.default_value = "$" + std::string(s.fallback);
  if (const ParamSpec* fb = builtin.find(s.fallback)) {
    spec.type = fb->type;
    spec.time_unit = fb->time_unit;
  }
  out.push_back(std::move(spec));
}

}  // namespace

std::vector<ParamSpec> service_params(std::string_view service, std::string_view command,
                                      const ParamTable& builtin) {
  std::vector<ParamSpec> out;
  Kind kind = command_kind(command);
  if (kind == Kind::kPipe || kind == Kind::kSpawn) add(out, service, kTimeLimit, builtin);
  if (kind == Kind::kPipe || kind == Kind::kTransport)
    for (const Suffix& s : kTransportSuffixes) add(out, service, s, builtin);
  return out;
}

std::vector<ParamSpec> service_params(const MasterFile& master, const ParamTable& builtin) {
  std::vector<ParamSpec> out;
  std::set<std::string> seen;
  for (const MasterService* svc : master.services())
    for (ParamSpec& spec : service_params(svc->name, svc->command(), builtin))
      if (seen.insert(spec.name).second) out.push_back(std::move(spec));
  return out;
}

}  // namespace postkit
