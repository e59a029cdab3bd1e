// param_checks_test.cc: the parameter knowledge used without postconf: value
// checks with Postfix's texts and limits, enumerations, the database
// parameter suffixes, and the unused-parameter analysis on a Config.
#include "param_checks.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "dbms_params.h"
#include "unused_params.h"

namespace postkit {
namespace {

TEST(ParamChecks, AcceptsGoodValuesOfEveryType) {
  EXPECT_FALSE(check_value("soft_bounce", "YES"));
  EXPECT_FALSE(check_value("line_length_limit", "2048"));
  EXPECT_FALSE(check_value("maximal_queue_lifetime", "5d"));
  EXPECT_FALSE(check_value("ipc_timeout", "1h30m"));
  EXPECT_FALSE(check_value("message_size_limit", "10240000"));
  EXPECT_FALSE(check_value("myhostname", "anything at all"));
  EXPECT_FALSE(check_value("no_such_parameter", "x"));
}

TEST(ParamChecks, ReportsPostfixTexts) {
  EXPECT_EQ(check_value("soft_bounce", "maybe"), "bad boolean configuration: soft_bounce = maybe");
  EXPECT_EQ(check_value("smtpd_recipient_limit", "lots"),
            "bad numerical configuration: smtpd_recipient_limit = lots");
  EXPECT_EQ(check_value("ipc_timeout", "3x"), "parameter ipc_timeout: bad time value or unit: 3x");
  EXPECT_EQ(check_value("line_length_limit", "100"),
            "invalid line_length_limit parameter value 100 < 512");
  EXPECT_EQ(check_value("ipc_timeout", "0"), "invalid ipc_timeout: 0 (min 1)");
  EXPECT_EQ(check_value("maximal_queue_lifetime", "200d"),
            "invalid maximal_queue_lifetime: 17280000 (max 8640000)");
}

TEST(ParamChecks, LimitsAndTimes) {
  EXPECT_EQ(value_limits("line_length_limit").min, 512);
  EXPECT_FALSE(value_limits("line_length_limit").max);
  EXPECT_FALSE(value_limits("myhostname").min);
  EXPECT_EQ(parse_time_seconds("1h30m", 's'), 5400);
  EXPECT_EQ(parse_time_seconds("2", 'd'), 172800);
  EXPECT_FALSE(parse_time_seconds("", 's'));
  EXPECT_FALSE(parse_time_seconds("5y", 's'));
}

TEST(ParamChecks, Enumerations) {
  const auto* levels = value_enumeration("smtpd_tls_security_level");
  ASSERT_TRUE(levels);
  EXPECT_NE(std::find(levels->begin(), levels->end(), "encrypt"), levels->end());
  EXPECT_EQ(std::find(levels->begin(), levels->end(), "dane"), levels->end());
  EXPECT_TRUE(value_enumeration("compatibility_level"));
  EXPECT_FALSE(value_enumeration("myhostname"));
}

TEST(DbmsParams, SuffixesPerType) {
  const auto* ldap = dbms_parameter_suffixes("ldap");
  ASSERT_TRUE(ldap);
  EXPECT_NE(std::find(ldap->begin(), ldap->end(), "search_base"), ldap->end());
  const auto* pgsql = dbms_parameter_suffixes("pgsql");
  ASSERT_TRUE(pgsql);
  EXPECT_NE(std::find(pgsql->begin(), pgsql->end(), "select_function"), pgsql->end());
  EXPECT_FALSE(dbms_parameter_suffixes("hash"));
  EXPECT_EQ(dbms_types().size(), 5u);
}

class UnusedParamsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/param_checks_test.XXXXXX";
    dir = mkdtemp(tmpl);
  }
  void TearDown() override {
    std::remove((dir + "/main.cf").c_str());
    std::remove((dir + "/master.cf").c_str());
    rmdir(dir.c_str());
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
  }
  std::string dir;
  std::ostringstream err;
  Diagnostics diag{"postlint", err};
};

TEST_F(UnusedParamsTest, UnusedUndefinedAndDatabaseParameters) {
  write("main.cf",
        "myhostname = mx.example.com\n"
        "mydomian = example.com\n"
        "virtual_alias_maps = ldap:corp\n"
        "corp_search_base = dc=example\n"
        "relayhost = $smarthost\n");
  write("master.cf", "smtp inet n - y - - smtpd -o smtpd_bogus=1\n");
  ConfigOptions o;
  o.config_dir = dir;
  o.read_master = true;
  Config config = Config::load(o, diag);
  ParamRegistry registry(config, diag);
  registry.register_user_parameters(config, diag);
  EXPECT_TRUE(registry.known("corp_search_base"));
  EXPECT_FALSE(registry.known("mydomian"));
  registry.warn_unused(config, diag);
  std::string out = err.str();
  EXPECT_NE(out.find("postlint: warning: " + dir + "/main.cf: undefined parameter: smarthost\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("postlint: warning: " + dir + "/main.cf: unused parameter: mydomian="),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("postlint: warning: " + dir + "/master.cf: unused parameter: smtpd_bogus=1"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("corp_search_base"), std::string::npos) << out;
}

}  // namespace
}  // namespace postkit
