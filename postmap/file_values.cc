// file_values.cc: postmap -F: values are file names whose content is stored
// base64-encoded, and decoded again on output.
#include <cstring>

#include "atomic_file.h"
#include "postmap.h"

namespace postkit::postmap {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

int decode_char(char c) {
  const char* p = std::strchr(kAlphabet, c);
  return (c != 0 && p != nullptr) ? static_cast<int>(p - kAlphabet) : -1;
}

}  // namespace

std::optional<std::string> file_to_base64(const std::string& path, std::string* error) {
  try {
    return base64_encode(read_file(path));
  } catch (const FatalError& e) {
    // Not fatal for postmap: the caller warns and skips the entry.
    *error = e.what();  // "open PATH: strerror" or "read PATH: strerror"
    return std::nullopt;
  }
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    int a = decode_char(text[i]), b = decode_char(text[i + 1]);
    if (a < 0 || b < 0) return std::nullopt;
    out += static_cast<char>((a << 2) | (b >> 4));
    if (text[i + 2] == '=') {
      if (text[i + 3] != '=' || i + 4 != text.size()) return std::nullopt;
      break;
    }
    int c = decode_char(text[i + 2]);
    if (c < 0) return std::nullopt;
    out += static_cast<char>(((b & 15) << 4) | (c >> 2));
    if (text[i + 3] == '=') {
      if (i + 4 != text.size()) return std::nullopt;
      break;
    }
    int d = decode_char(text[i + 3]);
    if (d < 0) return std::nullopt;
    out += static_cast<char>(((c & 3) << 6) | d);
  }
  return out;
}

}  // namespace postkit::postmap
