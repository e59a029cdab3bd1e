// service_params_test.cc: parameters derived from master.cf services, with
// the names and defaults Postfix 3.7's `postconf -d` prints for them.
#include "service_params.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace postkit {
namespace {

std::vector<std::string> names(const std::vector<ParamSpec>& specs) {
  std::vector<std::string> out;
  for (const auto& s : specs) out.push_back(s.name);
  std::sort(out.begin(), out.end());
  return out;
}

const ParamSpec* find(const std::vector<ParamSpec>& specs, std::string_view name) {
  for (const auto& s : specs)
    if (s.name == name) return &s;
  return nullptr;
}

TEST(ServiceParams, SmtpTransportGetsSchedulerParameters) {
  auto p = service_params("relay", "smtp");
  EXPECT_EQ(names(p), (std::vector<std::string>{
                          "relay_delivery_slot_cost",
                          "relay_delivery_slot_discount",
                          "relay_delivery_slot_loan",
                          "relay_destination_concurrency_failed_cohort_limit",
                          "relay_destination_concurrency_limit",
                          "relay_destination_concurrency_negative_feedback",
                          "relay_destination_concurrency_positive_feedback",
                          "relay_destination_rate_delay",
                          "relay_destination_recipient_limit",
                          "relay_extra_recipient_limit",
                          "relay_initial_destination_concurrency",
                          "relay_minimum_delivery_slots",
                          "relay_recipient_limit",
                          "relay_recipient_refill_delay",
                          "relay_recipient_refill_limit",
                          "relay_transport_rate_delay",
                      }));
  const ParamSpec* limit = find(p, "relay_destination_concurrency_limit");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(limit->default_value, "$default_destination_concurrency_limit");
  EXPECT_EQ(limit->type, ParamType::kInt);
  const ParamSpec* delay = find(p, "relay_destination_rate_delay");
  ASSERT_NE(delay, nullptr);
  EXPECT_EQ(delay->default_value, "$default_destination_rate_delay");
  EXPECT_EQ(delay->type, ParamType::kTime);
  EXPECT_EQ(delay->time_unit, 's');
  EXPECT_EQ(find(p, "relay_initial_destination_concurrency")->default_value,
            "$initial_destination_concurrency");
}

TEST(ServiceParams, PipeAddsTimeLimitAndSpawnHasOnlyIt) {
  auto pipe = service_params("mytransport", "pipe");
  EXPECT_EQ(pipe.size(), 17u);
  const ParamSpec* t = find(pipe, "mytransport_time_limit");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->default_value, "$command_time_limit");
  EXPECT_EQ(t->type, ParamType::kTime);

  auto spawn = service_params("myspawn", "spawn");
  ASSERT_EQ(spawn.size(), 1u);
  EXPECT_EQ(spawn[0].name, "myspawn_time_limit");
  EXPECT_EQ(spawn[0].default_value, "$command_time_limit");
}

TEST(ServiceParams, BuiltinNamesKeepTheirOwnDefinition) {
  // local_destination_concurrency_limit (default 2) and
  // local_destination_recipient_limit (1) are built in.
  auto p = service_params("local", "local");
  EXPECT_EQ(find(p, "local_destination_concurrency_limit"), nullptr);
  EXPECT_EQ(find(p, "local_destination_recipient_limit"), nullptr);
  EXPECT_NE(find(p, "local_recipient_limit"), nullptr);
  for (const auto& s : p) EXPECT_EQ(ParamTable::builtin().find(s.name), nullptr) << s.name;
  // Without the built-in table nothing is skipped.
  ParamTable empty({});
  EXPECT_EQ(service_params("local", "local", empty).size(), 16u);
}

TEST(ServiceParams, OtherCommandsDefineNothing) {
  EXPECT_TRUE(service_params("smtp", "smtpd").empty());
  EXPECT_TRUE(service_params("discard", "discard").empty());
  EXPECT_TRUE(service_params("pickup", "pickup").empty());
  // The command is compared exactly, as Postfix does: a path is not "smtp".
  EXPECT_TRUE(service_params("relay", "/usr/lib/postfix/sbin/smtp").empty());
  EXPECT_EQ(service_params("error", "error").size(), 16u);
  EXPECT_EQ(service_params("virtual", "virtual").size(), 16u);
  EXPECT_EQ(service_params("lmtp", "lmtp").size(), 16u);
}

TEST(ServiceParams, FromMasterFile) {
  std::ostringstream err;
  Diagnostics diag("postconf", err);
  MasterFile m = MasterFile::parse(
      "# comment\n"
      "relay     unix  -       -       n       -       -       smtp\n"
      "  -o smtp_helo_timeout=5\n"
      "127.0.0.1:10025 inet n - n - - smtpd\n"
      "myspawn   unix  -       n       n       -       -       spawn user=nobody argv=/bin/true\n",
      "master.cf", diag);
  auto p = service_params(m);
  EXPECT_EQ(p.size(), 17u);  // relay's 16 and myspawn_time_limit
  EXPECT_NE(find(p, "relay_destination_concurrency_limit"), nullptr);
  EXPECT_NE(find(p, "myspawn_time_limit"), nullptr);
  EXPECT_EQ(find(p, "127.0.0.1:10025_time_limit"), nullptr);
}

}  // namespace

// The whole `postconf -d` listing rebuilt from the library (built-in table,
// computed defaults, service-derived names) and compared with the installed
// Postfix 3.7, independently of the postconf command's own printing.
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

std::string library_listing(const std::vector<ParamSpec>& extra) {
  std::vector<ParamSpec> all = ParamTable::builtin().all();
  all.insert(all.end(), extra.begin(), extra.end());
  ParamTable table(std::move(all));
  auto none = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  std::string out;
  for (const auto& s : table.all()) {
    std::string value =
        s.computed ? RuntimeDefaults::compute(s.name, none).value() : s.default_value;
    if (s.name == "process_id") value = "PID";
    if (s.name == "process_name") value = "postconf";
    out += s.name + (value.empty() ? " =\n" : " = " + value + "\n");
  }
  return out;
}

std::string reference_listing(const std::string& master_cf) {
  char dir[] = "/tmp/service_params_test.XXXXXX";
  if (!mkdtemp(dir)) return "mkdtemp failed";
  std::string d = dir;
  std::string setup = "touch -d '-1 min' " + d + "/main.cf";
  if (!master_cf.empty()) setup += " && cp " + master_cf + " " + d + "/master.cf";
  std::string out = run(setup + " && /usr/sbin/postconf -c " + d +
                        " -d 2>/dev/null | sed 's/^process_id = [0-9]*$/process_id = PID/'");
  run("rm -rf " + d);
  return out;
}

TEST(ServiceParams, LibraryMatchesInstalledPostconfDefaults) {
  if (access("/usr/sbin/postconf", X_OK) != 0) GTEST_SKIP() << "Postfix not installed";
  EXPECT_EQ(library_listing({}), reference_listing(""));
  const std::string dist = "/usr/share/postfix/master.cf.dist";
  if (access(dist.c_str(), R_OK) != 0) GTEST_SKIP() << dist << " missing";
  std::ostringstream err;
  Diagnostics diag("postconf", err);
  MasterFile m = MasterFile::load(dist, diag);
  EXPECT_EQ(library_listing(service_params(m)), reference_listing(dist));
}

}  // namespace
}  // namespace postkit
