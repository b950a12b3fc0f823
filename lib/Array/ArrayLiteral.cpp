//===- ArrayLiteral.cpp - Arrays written as NumPy-like literals -----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/ArrayLiteral.h"

#include "scanjit/Support/Error.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

using namespace scanjit;

namespace {

/// The deepest nesting of lists a literal may have: NumPy's limit on the
/// number of dimensions. It also bounds the parser's recursion.
constexpr size_t kMaxDepth = 64;

/// One scalar of the literal, as written.
struct Token {
  enum Kind { Integer, Float, Boolean } kind;
  std::string text;
};

/// A scalar or a bracketed list.
struct Node {
  bool isList = false;
  Token token{Token::Integer, ""};
  std::vector<Node> elements;
};

class LiteralParser {
public:
  explicit LiteralParser(std::string_view text) : text(text) {}

  Array parse() {
    std::string_view body = text;
    std::optional<DType> dtype;
    size_t colon = text.rfind(':');
    if (colon != std::string_view::npos) {
      std::string_view suffix = text.substr(colon + 1);
      dtype = parseDType(suffix);
      if (!dtype)
        throw Error("invalid array literal '" + std::string(text) +
                    "': unknown dtype '" + std::string(suffix) +
                    "' (expected f32, f64, i32, i64 or bool)");
      body = text.substr(0, colon);
    }
    end = body.size();
    Node root = parseNode(0);
    skipSpaces();
    if (position != end)
      fail("unexpected '" + std::string(1, text[position]) + "'");

    Shape shape;
    shapeOf(root, shape, 0);
    std::vector<const Token *> tokens;
    flatten(root, shape, 0, tokens);
    if (!dtype)
      dtype = inferDType(tokens);
    Array array = Array::zeros(*dtype, shape);
    for (size_t i = 0; i < tokens.size(); ++i)
      store(array, static_cast<int64_t>(i), *tokens[i], *dtype);
    return array;
  }

private:
  [[noreturn]] void fail(const std::string &message) const {
    throw Error("invalid array literal '" + std::string(text) +
                "': " + message + " at column " + std::to_string(position + 1));
  }

  void skipSpaces() {
    while (position < end && (text[position] == ' ' || text[position] == '\t'))
      ++position;
  }

  Node parseNode(size_t depth) {
    skipSpaces();
    Node node;
    if (position < end && text[position] == '[') {
      if (depth == kMaxDepth)
        fail("lists nested deeper than " + std::to_string(kMaxDepth) +
             " levels (an array has at most " + std::to_string(kMaxDepth) +
             " dimensions)");
      node.isList = true;
      ++position;
      skipSpaces();
      if (position < end && text[position] == ']') {
        ++position;
        return node;
      }
      while (true) {
        node.elements.push_back(parseNode(depth + 1));
        skipSpaces();
        if (position < end && text[position] == ',') {
          ++position;
          continue;
        }
        if (position < end && text[position] == ']') {
          ++position;
          return node;
        }
        fail("expected ',' or ']'");
      }
    }
    size_t start = position;
    while (position < end && text[position] != ',' && text[position] != ']' &&
           text[position] != '[' && text[position] != ' ' &&
           text[position] != '\t')
      ++position;
    if (start == position)
      fail(position < end ? "expected a number or '['"
                          : "unexpected end, expected a number or '['");
    node.token =
        classify(std::string(text.substr(start, position - start)), start);
    return node;
  }

  Token classify(const std::string &word, size_t start) {
    if (word == "true" || word == "True" || word == "false" || word == "False")
      return {Token::Boolean, word};
    size_t digits = word[0] == '-' || word[0] == '+' ? 1 : 0;
    bool integer =
        digits < word.size() &&
        word.find_first_not_of("0123456789", digits) == std::string::npos;
    if (integer)
      return {Token::Integer, word};
    double value;
    std::string_view unsigned_ =
        std::string_view(word).substr(word[0] == '+' ? 1 : 0);
    auto result = std::from_chars(unsigned_.data(),
                                  unsigned_.data() + unsigned_.size(), value);
    // Out of range (1e400, 1e-400) is a number still: it rounds to an
    // infinity or zero, as in NumPy.
    if ((result.ec != std::errc() &&
         result.ec != std::errc::result_out_of_range) ||
        result.ptr != unsigned_.data() + unsigned_.size()) {
      position = start;
      fail("'" + word + "' is not a number");
    }
    return {Token::Float, word};
  }

  /// Fills `shape` from the first element at each depth.
  void shapeOf(const Node &node, Shape &shape, size_t depth) {
    if (!node.isList)
      return;
    shape.push_back(static_cast<int64_t>(node.elements.size()));
    if (!node.elements.empty())
      shapeOf(node.elements[0], shape, depth + 1);
  }

  /// Collects the scalars in C order, checking every list against `shape`.
  void flatten(const Node &node, const Shape &shape, size_t depth,
               std::vector<const Token *> &tokens) {
    if (depth == shape.size()) {
      if (node.isList)
        throw Error("invalid array literal '" + std::string(text) +
                    "': ragged nested list (a list where a number was "
                    "expected at depth " +
                    std::to_string(depth) + ")");
      tokens.push_back(&node.token);
      return;
    }
    if (!node.isList ||
        static_cast<int64_t>(node.elements.size()) != shape[depth])
      throw Error("invalid array literal '" + std::string(text) +
                  "': ragged nested list (the lists at depth " +
                  std::to_string(depth) + " must all have " +
                  std::to_string(shape[depth]) + " elements)");
    for (const Node &element : node.elements)
      flatten(element, shape, depth + 1, tokens);
  }

  static DType inferDType(const std::vector<const Token *> &tokens) {
    bool allBoolean = !tokens.empty();
    bool anyFloat = tokens.empty();
    for (const Token *token : tokens) {
      allBoolean &= token->kind == Token::Boolean;
      anyFloat |= token->kind == Token::Float;
    }
    if (allBoolean)
      return DType::Bool;
    return anyFloat ? DType::F64 : DType::I64;
  }

  [[noreturn]] void notRepresentable(const Token &token, DType dtype) const {
    throw Error("invalid array literal '" + std::string(text) +
                "': " + token.text + " is not " +
                (dtype == DType::Bool
                     ? std::string("a bool (use true, false, "
                                   "0 or 1)")
                     : "a valid " + std::string(toString(dtype))));
  }

  static bool isTrue(const Token &token) {
    return token.text == "true" || token.text == "True";
  }

  /// The number `token` as a `T` (float or double), rounded to nearest even
  /// from the decimal text (from_chars rounds correctly): one too large
  /// becomes an infinity and one too small a zero, as in NumPy.
  template <typename T> static T round(const Token &token) {
    if (token.kind == Token::Boolean)
      return isTrue(token) ? T(1) : T(0);
    std::string_view digits =
        std::string_view(token.text).substr(token.text[0] == '+' ? 1 : 0);
    T value = 0;
    auto result =
        std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (result.ec != std::errc::result_out_of_range)
      return value;
    // Out of range: the magnitude decides between an infinity and a zero
    // (long double's range is wider than both types).
    long double wide = 0;
    auto wideResult =
        std::from_chars(digits.data(), digits.data() + digits.size(), wide);
    bool negative = !digits.empty() && digits.front() == '-';
    size_t exponent = digits.find_first_of("eE");
    bool huge = wideResult.ec == std::errc()
                    ? std::fabs(wide) > 1
                    : exponent != std::string_view::npos &&
                          exponent + 1 < digits.size() &&
                          digits[exponent + 1] != '-';
    T magnitude = huge ? std::numeric_limits<T>::infinity() : T(0);
    return negative ? -magnitude : magnitude;
  }

  double toDouble(const Token &token) const { return round<double>(token); }

  void store(Array &array, int64_t index, const Token &token, DType dtype) {
    switch (dtype) {
    case DType::F32:
      array.data<float>()[index] = round<float>(token);
      return;
    case DType::F64:
      array.data<double>()[index] = toDouble(token);
      return;
    case DType::I32:
    case DType::I64: {
      int64_t value = 0;
      if (token.kind == Token::Integer) {
        std::string_view digits =
            std::string_view(token.text).substr(token.text[0] == '+' ? 1 : 0);
        auto result = std::from_chars(digits.data(),
                                      digits.data() + digits.size(), value);
        if (result.ec != std::errc())
          notRepresentable(token, dtype);
      } else {
        double real = toDouble(token);
        if (!(real == std::trunc(real) && std::fabs(real) < 9.2e18))
          notRepresentable(token, dtype);
        value = static_cast<int64_t>(real);
      }
      if (dtype == DType::I64) {
        array.data<int64_t>()[index] = value;
        return;
      }
      if (value < std::numeric_limits<int32_t>::min() ||
          value > std::numeric_limits<int32_t>::max())
        notRepresentable(token, dtype);
      array.data<int32_t>()[index] = static_cast<int32_t>(value);
      return;
    }
    case DType::Bool: {
      if (token.kind == Token::Boolean)
        array.data<bool>()[index] = isTrue(token);
      else if (token.kind == Token::Integer &&
               (token.text == "0" || token.text == "1"))
        array.data<bool>()[index] = token.text == "1";
      else
        notRepresentable(token, dtype);
      return;
    }
    }
  }

  std::string_view text;
  size_t position = 0;
  size_t end = 0;
};

} // namespace

Array scanjit::parseArrayLiteral(std::string_view text) {
  return LiteralParser(text).parse();
}
