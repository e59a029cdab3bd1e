// status_paths_test.cc: how failures travel out of tables: a backend read
// error, an open failure through a surrogate, retry vs config, and the
// UTF-8 layer (utf8_dict.h) around every opened table.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "registry.h"
#include "surrogate.h"
#include "table_error.h"

namespace postkit {
namespace {

class StatusPaths : public ::testing::Test {
 protected:
  std::ostringstream err_;
  Diagnostics diag_{"postmap", err_};
  OpenRequest req(unsigned flags = kFoldFix) {
    OpenRequest r;
    r.flags = flags;
    r.diag = &diag_;
    return r;
  }
};

TEST_F(StatusPaths, OpenFailureIsAValueNotAnException) {
  OpenResult r = open_table("nosuchtype:/x", req());
  EXPECT_EQ(r.dict, nullptr);
  EXPECT_EQ(r.status.code(), Status::kConfig);
  EXPECT_EQ(r.status.message(), "unsupported dictionary type: nosuchtype");
  OpenResult bad = open_table("noname", req());
  EXPECT_EQ(bad.status.message(),
            "open dictionary: expecting \"type:name\" form instead of \"noname\"");
  OpenResult missing = open_table("cidr:/nonexistent/dir/t", req());
  EXPECT_EQ(missing.dict, nullptr);
  EXPECT_TRUE(missing.status.failed());
  EXPECT_NE(missing.status.message().find("/nonexistent/dir/t"), std::string::npos);
}

TEST_F(StatusPaths, SurrogateFailsEveryLookupWithRetryAndKeepsTheReason) {
  auto d = open_table_or_surrogate("cidr:/nonexistent/t", req());
  ASSERT_NE(d, nullptr);
  std::string opened = err_.str();
  EXPECT_NE(opened.find("postmap: warning: "), std::string::npos);
  std::string value;
  Status st = d->lookup("1.2.3.4", &value);
  EXPECT_EQ(st.code(), Status::kRetry);
  EXPECT_EQ(st.message().rfind("cidr:/nonexistent/t is unavailable. ", 0), 0u) << st.message();
  EXPECT_EQ(d->update("k", "v").code(), Status::kRetry);
  EXPECT_EQ(d->remove("k").code(), Status::kRetry);
  // The daemon keeps going: a second lookup fails the same way.
  EXPECT_EQ(d->lookup("x", &value).code(), Status::kRetry);
}

TEST_F(StatusPaths, FailTableIsRetryAndUnsupportedIsFatalInTable) {
  auto fail = open_map("fail:x", req());
  std::string value;
  Status st = fail->lookup("k", &value);
  EXPECT_EQ(st.code(), Status::kRetry);
  errno = 0;
  EXPECT_EQ(table_error("fail:x", "query", st), "table fail:x: query error: Application error");
  auto stat = open_map("static:v", req());
  Status seq = stat->sequence([](std::string_view, std::string_view) { return true; });
  EXPECT_EQ(seq.code(), Status::kUnsupported);
  EXPECT_EQ(table_error("static:v", "sequence", seq),
            "table static:v: sequence operation is not supported");
}

TEST_F(StatusPaths, BackendReadErrorIsIoWithPostfixText) {
  char tmpl[] = "/tmp/status_paths_test.XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::string path = std::string(tmpl) + "/t";
  {
    OpenRequest w = req(kFoldFix | kTry1Null);
    w.mode = OpenMode::kCreate;
    auto d = open_map("cdb:" + path, w);
    ASSERT_FALSE(d->update("key", "value").failed());
    d->close();
  }
  // Cut the file inside its records: the hash table points past the end.
  ASSERT_EQ(::truncate((path + ".cdb").c_str(), 2048 + 4), 0);
  OpenResult r = open_table("cdb:" + path, req());
  std::filesystem::remove_all(tmpl);
  if (!r.dict) {
    EXPECT_TRUE(r.status.failed());  // refused at open: also a value
    return;
  }
  std::string value;
  Status st = r.dict->lookup("key", &value);
  EXPECT_TRUE(st.failed() || st == Status::kNotFound);
  if (st.failed()) {
    EXPECT_EQ(st.code(), Status::kIo);
    EXPECT_EQ(st.message().rfind("error reading " + path + ".cdb", 0), 0u) << st.message();
  }
}

TEST_F(StatusPaths, Utf8LayerRefusesMalformedKeysAndFailsMalformedValues) {
  auto d = open_map("inline:{good=ok, bad=\xff\xfe}", req(kFoldFix | kUtf8Request));
  std::string value;
  EXPECT_EQ(d->lookup("GOOD", &value), Status::kFound);
  EXPECT_EQ(value, "ok");
  EXPECT_EQ(d->lookup("k\xc3", &value), Status::kNotFound);
  EXPECT_NE(err_.str().find("non-UTF-8 key \"k?\": malformed UTF-8 or invalid codepoint"),
            std::string::npos)
      << err_.str();
  Status st = d->lookup("bad", &value);
  EXPECT_EQ(st.code(), Status::kConfig);
  EXPECT_NE(st.message().find("key \"bad\": non-UTF-8 value \"??\""), std::string::npos)
      << st.message();
  // Without kUtf8Request the bytes pass through.
  auto raw = open_map("inline:{bad=\xff}", req());
  EXPECT_EQ(raw->lookup("bad", &value), Status::kFound);
  EXPECT_EQ(value, "\xff");
}

TEST_F(StatusPaths, Utf8LayerSkipsMalformedUpdatesAndDeletes) {
  auto d = open_map("inline:{a=b}", req(kFoldFix | kUtf8Request));
  EXPECT_FALSE(d->update("k\xff", "v").failed());
  EXPECT_FALSE(d->update("k", "v\xff").failed());
  std::string value;
  EXPECT_EQ(d->lookup("k", &value), Status::kNotFound);
  EXPECT_EQ(d->remove("x\xff"), Status::kFound);  // Postfix: "deleted"
}

}  // namespace
}  // namespace postkit
