// param_table_test.cc: the built-in Postfix 3.7 parameter table and lookup.
// Expected values are the ones `postconf -d` of Postfix 3.7.11 prints.
#include "param_table.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "diag.h"

namespace postkit {
namespace {

TEST(ParamTable, BuiltinHasEveryPostfix37Parameter) {
  // postconf -d with an empty main.cf and no master.cf prints 831 names.
  EXPECT_EQ(ParamTable::builtin().all().size(), 831u);
}

TEST(ParamTable, BuiltinIsSortedWithUniqueNames) {
  const auto& all = ParamTable::builtin().all();
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].name, all[i].name);
}

TEST(ParamTable, FindsTypesAndDefaults) {
  const auto& t = ParamTable::builtin();
  struct Want {
    const char* name;
    ParamType type;
    const char* def;
    char unit;
  };
  for (const Want& w : {
           Want{"smtpd_timeout", ParamType::kTime, "${stress?{10}:{300}}s", 's'},
           Want{"maximal_queue_lifetime", ParamType::kTime, "5d", 'd'},
           Want{"message_size_limit", ParamType::kLong, "10240000", 0},
           Want{"default_process_limit", ParamType::kInt, "100", 0},
           Want{"smtpd_junk_command_limit", ParamType::kInt, "${stress?{1}:{100}}", 0},
           Want{"allow_percent_hack", ParamType::kBool, "yes", 0},
           Want{"smtputf8_enable", ParamType::kBool,
                "${{$compatibility_level} <level {1} ? {no} : {yes}}", 0},
           Want{"forward_path", ParamType::kRaw,
                "$home/.forward${recipient_delimiter}${extension}, $home/.forward", 0},
           Want{"myorigin", ParamType::kString, "$myhostname", 0},
           Want{"mail_version", ParamType::kString, "3.7.11", 0},
           Want{"mail_release_date", ParamType::kString, "20240304", 0},
           Want{"config_directory", ParamType::kString, "/etc/postfix", 0},
           Want{"relay_domains", ParamType::kString,
                "${{$compatibility_level} <level {2} ? {$mydestination} : {}}", 0},
           Want{"debugger_command", ParamType::kString, "", 0},
       }) {
    SCOPED_TRACE(w.name);
    const ParamSpec* s = t.find(w.name);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->type, w.type);
    EXPECT_EQ(s->default_value, w.def);
    EXPECT_EQ(s->time_unit, w.unit);
    EXPECT_FALSE(s->computed);
  }
}

TEST(ParamTable, BackslashesInDefaultsAreLiteral) {
  // The default holds the two characters '\' 't', not a tab: Postfix expands
  // the escapes only when it uses the value.
  const ParamSpec* s = ParamTable::builtin().find("smtpd_expansion_filter");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->default_value.substr(0, 6), "\\t\\40!");
  EXPECT_EQ(s->type, ParamType::kRaw);
}

TEST(ParamTable, ComputedDefaultsAreMarked) {
  std::vector<std::string> computed;
  for (const auto& s : ParamTable::builtin().all())
    if (s.computed) {
      computed.push_back(s.name);
      EXPECT_EQ(s.default_value, "") << s.name;
    }
  EXPECT_EQ(computed, (std::vector<std::string>{"mydomain", "myhostname", "mynetworks",
                                                "process_id", "process_name"}));
}

TEST(ParamTable, EveryTimeParameterHasAUnitAndNoOtherDoes) {
  int times = 0;
  for (const auto& s : ParamTable::builtin().all()) {
    if (s.type == ParamType::kTime) {
      ++times;
      EXPECT_NE(std::string("smhdw").find(s.time_unit), std::string::npos) << s.name;
      EXPECT_EQ(s.default_value.back(), s.time_unit) << s.name;
    } else {
      EXPECT_EQ(s.time_unit, 0) << s.name;
    }
  }
  EXPECT_EQ(times, 107);
}

TEST(ParamTable, UnknownNamesAreNotFound) {
  const auto& t = ParamTable::builtin();
  EXPECT_EQ(t.find("no_such_parameter"), nullptr);
  EXPECT_EQ(t.find(""), nullptr);
  EXPECT_EQ(t.find("smtpd_timeou"), nullptr);
  EXPECT_EQ(t.find("smtpd_timeoutx"), nullptr);
  // Legacy names Postfix knows only for unused-parameter checks are not
  // printed by postconf -d, so they are not in the table.
  EXPECT_EQ(t.find("virtual_maps"), nullptr);
  // Service-derived names come from master.cf, not from this table.
  EXPECT_EQ(t.find("relay_destination_concurrency_limit"), nullptr);
}

TEST(ParamTable, ConstructorSortsAndRejectsDuplicates) {
  ParamTable t({ParamSpec{"b", ParamType::kInt, "1"}, ParamSpec{"a", ParamType::kBool, "no"}});
  ASSERT_EQ(t.all().size(), 2u);
  EXPECT_EQ(t.all()[0].name, "a");
  ASSERT_NE(t.find("b"), nullptr);
  EXPECT_EQ(t.find("b")->default_value, "1");
  ParamSpec a;
  a.name = "a";
  EXPECT_THROW(ParamTable({a, a}), FatalError);
}

TEST(ParamTable, TypeNames) {
  EXPECT_EQ(to_string(ParamType::kString), "string");
  EXPECT_EQ(to_string(ParamType::kRaw), "raw");
  EXPECT_EQ(to_string(ParamType::kBool), "bool");
  EXPECT_EQ(to_string(ParamType::kInt), "int");
  EXPECT_EQ(to_string(ParamType::kLong), "long");
  EXPECT_EQ(to_string(ParamType::kTime), "time");
}

}  // namespace
}  // namespace postkit
