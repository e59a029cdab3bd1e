// config_test.cc: the layered configuration (defaults < main.cf < -o <
// service scope), lazy expansion, MAIL_CONFIG and error reporting.
#include "config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace postkit {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/config_test.XXXXXX";
    dir = mkdtemp(tmpl);
    unsetenv("MAIL_CONFIG");
  }
  void TearDown() override {
    std::remove((dir + "/main.cf").c_str());
    std::remove((dir + "/master.cf").c_str());
    rmdir(dir.c_str());
    unsetenv("MAIL_CONFIG");
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
  }
  Config load(ConfigOptions o = {}) {
    if (o.config_dir.empty() && !getenv("MAIL_CONFIG")) o.config_dir = dir;
    return Config::load(o, diag);
  }
  std::string dir;
  std::ostringstream err;
  Diagnostics diag{"postmap", err};
};

TEST_F(ConfigTest, LayersAndExpansion) {
  write("main.cf", "mydomain = example.com\nrelayhost = [smtp.$mydomain]\nfoo = $relayhost\n");
  ConfigOptions o;
  o.raw_overrides = {"mydomain=override.example"};
  Config c = load(o);
  EXPECT_EQ(c.raw("relayhost").value(), "[smtp.$mydomain]");
  EXPECT_EQ(c.get("relayhost"), "[smtp.override.example]");
  EXPECT_EQ(c.get("foo"), "[smtp.override.example]");
  // Built-in default, expanded against the configuration.
  EXPECT_EQ(c.raw("myorigin").value(), "$myhostname");
  EXPECT_FALSE(c.raw("no_such_parameter"));
  EXPECT_EQ(c.get("no_such_parameter"), "");
  ParamScope scope{{"relayhost", "svc.$mydomain"}};
  EXPECT_EQ(c.expanded("relayhost", &scope).value(), "svc.override.example");
  EXPECT_EQ(c.get("relayhost"), "[smtp.override.example]");  // memo unaffected
}

TEST_F(ConfigTest, ConfigDirectoryRecordedOnlyWhenGiven) {
  write("main.cf", "");
  Config c = load();
  EXPECT_EQ(c.explicit_value("config_directory").value(), dir);
  setenv("MAIL_CONFIG", dir.c_str(), 1);
  ConfigOptions o;
  Config e = Config::load(o, diag);
  EXPECT_EQ(e.config_dir(), dir);
}

TEST_F(ConfigTest, BoolAndLong) {
  write("main.cf", "b1 = YES\nb2 = no\nb3 = maybe\nn1 = 42\nn2 = 4x\n");
  Config c = load();
  EXPECT_TRUE(c.get_bool("b1"));
  EXPECT_FALSE(c.get_bool("b2"));
  EXPECT_THROW(c.get_bool("b3"), FatalError);
  EXPECT_EQ(c.get_long("n1"), 42);
  EXPECT_THROW(c.get_long("n2"), FatalError);
}

TEST_F(ConfigTest, SelfReferenceIsFatalNotACrash) {
  write("main.cf", "a = $a\nb = ${{$b} == {x}?y}\n");
  Config c = load();
  EXPECT_THROW(c.get("a"), FatalError);
  EXPECT_THROW(c.get("b"), FatalError);
  EXPECT_NE(err.str().find("unreasonable macro call nesting"), std::string::npos);
}

TEST_F(ConfigTest, MissingMainCfIsFatal) {
  try {
    load();
    FAIL();
  } catch (const FatalError& e) {
    EXPECT_EQ(std::string(e.what()), "open " + dir + "/main.cf: No such file or directory");
  }
}

TEST_F(ConfigTest, BadOverrideIsFatal) {
  write("main.cf", "");
  ConfigOptions o;
  o.raw_overrides = {"novalue"};
  try {
    load(o);
    FAIL();
  } catch (const FatalError& e) {
    EXPECT_STREQ(e.what(), "invalid parameter override: novalue: missing '=' after attribute name");
  }
}

TEST_F(ConfigTest, MasterCfMissingIsAWarning) {
  write("main.cf", "");
  ConfigOptions o;
  o.read_master = true;
  Config c = load(o);
  EXPECT_NE(c.master_cf(), nullptr);
  EXPECT_NE(err.str().find("open " + dir + "/master.cf: No such file or directory"),
            std::string::npos);
}

TEST_F(ConfigTest, ServiceDerivedDefaults) {
  write("main.cf", "");
  write("master.cf", "relay unix - - y - - smtp\n");
  ConfigOptions o;
  o.read_master = true;
  Config c = load(o);
  EXPECT_EQ(c.raw("relay_destination_concurrency_limit").value(),
            "$default_destination_concurrency_limit");
  EXPECT_EQ(c.get("relay_destination_concurrency_limit"), "20");
}

}  // namespace
}  // namespace postkit
