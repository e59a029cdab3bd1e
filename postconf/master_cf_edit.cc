// master_cf_edit.cc: postconf -Me, -M#, -MX, -Fe, -Pe and -PX. As Postfix
// does, the file is copied line by line: comment and blank lines pass
// through, an entry that no request names is copied unchanged, and only
// touched entries are rewritten (in -M's folded layout), commented out or
// dropped. The result replaces master.cf atomically (mode 0644, as Postfix
// leaves it); on any fatal error the file is left untouched. main.cf is not
// read in these modes.
//
// Two quirks of Postfix 3.7 are kept on purpose, because scripts see them:
// when a field or parameter is edited, comment and blank lines that follow
// the entry are written before the rewritten entry; and a -Me request also
// replaces an entry whose name and type equal those of the new definition.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "atomic_file.h"
#include "master_cf.h"

namespace postkit::postconf {
namespace {

constexpr std::string_view kBlanks = " \t\r\n";
constexpr const char* kEditOpts = "-Me, -Fe, -Pe, -X, or -#";

enum class Kind { kEntry, kField, kParam };

struct EditRequest {
  std::string raw;
  ServicePattern pattern;
  int field = 0;      // kField
  std::string value;  // the text after '=' (edit only)
  int matches = 0;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Offset of a line's first non-blank character when it carries content;
// npos for comment, blank and empty lines (which pass through).
size_t content_start(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && is_space(line[i])) ++i;
  if (i == line.size() || line[i] == '#') return std::string_view::npos;
  return i;
}

std::vector<std::string_view> physical_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return lines;
}

std::vector<std::string> split_blanks(std::string_view text) {
  std::vector<std::string> words;
  for (size_t i = 0; (i = text.find_first_not_of(kBlanks, i)) != std::string_view::npos;) {
    size_t end = text.find_first_of(kBlanks, i);
    if (end == std::string_view::npos) end = text.size();
    words.emplace_back(text.substr(i, end - i));
    i = end;
  }
  return words;
}

// A whole entry as Postfix's pcf_parse_master_entry reads it: nullopt for a
// bad field count; invalid fields are fatal.
std::optional<std::vector<std::string>> parse_entry(std::string_view text, Diagnostics& diag) {
  std::vector<std::string> argv = MasterFile::split_words(text);
  if (argv.size() < kMasterFieldCount) return std::nullopt;
  MasterFile::check_fields(argv, text);
  MasterFile::normalise_args(argv, diag);
  return argv;
}

std::vector<std::string> parse_new_entry(const EditRequest& req, Diagnostics& diag) {
  auto argv = parse_entry(req.value, diag);
  if (!argv) fail("bad field count: \"" + req.raw + "\"");
  return std::move(*argv);
}

Kind kind_of(const Options& opts) {
  if (opts.fields) return Kind::kField;
  if (opts.service_params) return Kind::kParam;
  return Kind::kEntry;
}

std::vector<EditRequest> parse_requests(const Options& opts, bool edit, Kind kind) {
  std::vector<EditRequest> reqs;
  for (const auto& raw : opts.operands) {
    if (raw.find('\n') != std::string::npos)
      fail(std::string(kEditOpts) + " accept no multi-line input");
    std::string_view cp = raw;
    while (!cp.empty() && is_space(cp.front())) cp.remove_prefix(1);
    if (!cp.empty() && cp.front() == '#') fail(std::string(kEditOpts) + " accept no comment input");
    EditRequest req;
    req.raw = raw;
    std::string pattern;
    if (edit) {
      if (const char* err = MasterFile::split_name_value(cp, &pattern, &req.value))
        fail(std::string(err) + ": \"" + raw + "\"");
    } else {
      if (cp.find('=') != std::string_view::npos) fail("-X or -# requires names without value");
      pattern = std::string(cp);  // Postfix does not trim trailing blanks here
    }
    switch (kind) {
      case Kind::kEntry: {
        auto p = parse_service_pattern(pattern, 2, 2);
        if (!p) fail("-Me, -MX or -M# requires service_name/type");
        req.pattern = std::move(*p);
        break;
      }
      case Kind::kField: {
        auto p = parse_service_pattern(pattern, 3, 3);
        if (!p) fail("-Fe or -FX requires service_name/type/field_name");
        req.pattern = std::move(*p);
        req.field = parse_field_pattern(req.pattern.third());
        if (req.field < 0) fail("-Fe does not accept wild-card field name");
        if (edit && req.field < kFieldCommand &&
            req.value.find_first_of(kBlanks) != std::string::npos)
          fail("-Fe does not accept whitespace in non-command field");
        break;
      }
      case Kind::kParam: {
        auto p = parse_service_pattern(pattern, 3, 3);
        if (!p) fail("-Pe or -PX requires service_name/type/parameter");
        req.pattern = std::move(*p);
        if (req.pattern.third() == "*") fail("-Pe does not accept wild-card parameter name");
        if (edit && req.value.find_first_of(kBlanks) != std::string::npos)
          fail("-Pe does not accept whitespace in parameter value");
        break;
      }
    }
    reqs.push_back(std::move(req));
  }
  return reqs;
}

// -Fe: replace one field, or the command and all its arguments.
void edit_field(std::vector<std::string>& argv, int field, const std::string& value,
                Diagnostics& diag) {
  if (field == kFieldCommand) {
    argv.resize(kFieldCommand);
    auto words = MasterFile::split_words(value);
    argv.insert(argv.end(), words.begin(), words.end());
    MasterFile::normalise_args(argv, diag);
  } else {
    argv[field] = value;
  }
  MasterFile::check_fields(argv, value);
}

// -Pe / -PX: update or remove every "-o name=..." among the daemon options;
// -Pe appends "-o name=value" after them when there was none.
void edit_param(std::vector<std::string>& argv, bool edit, const std::string& name,
                const std::string& value) {
  bool found = false;
  size_t field = kMasterFieldCount;
  for (; field < argv.size(); ++field) {
    const std::string& arg = argv[field];
    if (arg[0] != '-' || arg == "--") break;
    char opt = arg[1];
    if ((opt != 'o' && opt != '\0') || field + 1 >= argv.size()) continue;
    if (arg == "-o") {
      const std::string& aval = argv[field + 1];
      if (aval.size() > name.size() && aval.compare(0, name.size(), name) == 0 &&
          aval[name.size()] == '=') {
        found = true;
        if (edit) {
          argv[field + 1] = name + "=" + value;
        } else {
          argv.erase(argv.begin() + field, argv.begin() + field + 2);
          field -= 2;
        }
      }
    }
    field += 1;  // skip the option's value
  }
  if (edit && !found) {
    argv.insert(argv.begin() + field, {"-o", name + "=" + value});
  }
}

class Editor {
 public:
  Editor(const Options& opts, std::string path, Diagnostics& diag)
      : opts_(opts),
        path_(std::move(path)),
        diag_(diag),
        kind_(kind_of(opts)),
        edit_(implies_edit(opts)),
        reqs_(parse_requests(opts, edit_, kind_)) {}

  std::string run(std::string_view text) {
    lines_ = physical_lines(text);
    while (next_content_line()) handle(lines_[pos_ - 1]);
    finish();
    return out_;
  }

 private:
  // Copies comment/blank lines to the output; stops after a content line.
  bool next_content_line() {
    while (pos_ < lines_.size()) {
      std::string_view line = lines_[pos_++];
      ++lineno_;
      if (content_start(line) != std::string_view::npos) return true;
      out_ += line;
    }
    return false;
  }

  std::string at_line() const { return "file " + path_ + ": line " + std::to_string(lineno_); }

  void handle(std::string_view line) {
    if (content_start(line) > 0) {  // continuation of the current entry
      if (!matched_)
        out_ += line;
      else if (opts_.comment_out)
        (out_ += '#') += line;
      return;
    }
    matched_ = false;
    auto words = split_blanks(line);
    if (words.size() < 2) fail(at_line() + ": specify service name and type on the same line");
    const std::string& name = words[0];
    const std::string& type = words[1];
    if (name.find('=') != std::string::npos)
      fail(at_line() + ": service name syntax \"" + name + "\" is unsupported with " + kEditOpts);
    if (type.find_first_of("=/") != std::string::npos)
      fail(at_line() + ": service type syntax \"" + type + "\" is unsupported with " + kEditOpts);

    std::optional<std::vector<std::string>> replacement;
    for (auto& req : reqs_) {
      std::optional<std::vector<std::string>> tentative;
      if (kind_ == Kind::kEntry && edit_) tentative = parse_new_entry(req, diag_);
      bool use_tentative = false;
      if (req.pattern.matches(name, type)) {
        matched_ = true;
        ++req.matches;
        if (edit_ || (kind_ == Kind::kParam && opts_.remove)) {
          if (kind_ == Kind::kEntry) {
            use_tentative = req.matches == 1;
          } else {
            if (!replacement) replacement = gobble(line);
            if (kind_ == Kind::kField)
              edit_field(*replacement, req.field, req.value, diag_);
            else
              edit_param(*replacement, edit_, req.pattern.third(), req.value);
          }
        }
      } else if (tentative && (*tentative)[kFieldService] == name &&
                 (*tentative)[kFieldType] == type) {
        matched_ = true;
        if (++req.matches == 1) use_tentative = true;
      }
      if (use_tentative) replacement = std::move(tentative);
    }
    if (replacement)
      out_ += format_master_entry(*replacement, /*fold=*/true, nullptr);
    else if (!matched_)
      out_ += line;
    else if (opts_.comment_out)
      (out_ += '#') += line;
  }

  // Reads the rest of an entry whose field or parameter is edited: its
  // continuation lines are taken in, while comment and blank lines among or
  // after them are written out at once (before the rewritten entry, as
  // Postfix does). Postfix does not count these lines (kept for its messages).
  std::vector<std::string> gobble(std::string_view first) {
    std::string full(first);
    while (pos_ < lines_.size()) {
      std::string_view next = lines_[pos_];
      if (next.empty() || (next[0] != '#' && !is_space(next[0]))) break;
      ++pos_;
      if (content_start(next) != std::string_view::npos)
        full += next;
      else
        out_ += next;
    }
    auto argv = parse_entry(full, diag_);
    if (!argv) fail(at_line() + ": bad field count");
    return std::move(*argv);
  }

  void finish() {
    for (const auto& req : reqs_) {
      if (req.matches != 0) continue;
      if (kind_ == Kind::kEntry && edit_)
        out_ += format_master_entry(parse_new_entry(req, diag_), /*fold=*/true, nullptr);
      else if (kind_ != Kind::kEntry)
        diag_.warning(printable("unmatched service_name/type: \"" + req.raw + "\""));
    }
  }

  const Options& opts_;
  std::string path_;
  Diagnostics& diag_;
  Kind kind_;
  bool edit_;
  std::vector<EditRequest> reqs_;
  std::vector<std::string_view> lines_;
  size_t pos_ = 0;
  long lineno_ = 0;
  bool matched_ = false;
  std::string out_;
};

}  // namespace

int edit_master(const Options& opts, const std::string& config_dir, Diagnostics& diag) {
  if (opts.operands.empty()) fail("missing service argument");
  std::string path = config_dir + "/master.cf";
  Editor editor(opts, path, diag);
  // Postfix's edit protocol: master.cf.tmp is created and locked before
  // master.cf is read, so concurrent editors (postkit or Postfix) wait for
  // each other; an unwritable directory is reported under that name. The new
  // master.cf is a new file of mode 0644 owned by whoever runs the command.
  AtomicReplace out(path, {}, AtomicReplace::TempName::kEditLock);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("open " + path + " for reading: " + std::strerror(errno));
  ::close(fd);
  std::string text = read_file(path);
  std::string edited = editor.run(text);
  out.write(edited);
  out.commit(AtomicReplace::Ownership{0644, std::nullopt, std::nullopt});
  return 0;
}

}  // namespace postkit::postconf
