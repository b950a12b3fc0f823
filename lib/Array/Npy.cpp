//===- Npy.cpp - Read and write NumPy .npy files --------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Layout of a .npy file: the magic "\x93NUMPY", a major and a minor version
// byte, the header length (2 bytes little-endian in version 1, 4 bytes in
// versions 2 and 3), then the header: a Python dict literal such as
//   {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a newline so the data starts at a multiple of 64
// bytes. The raw elements follow.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/Npy.h"

#include "scanjit/Support/Error.h"

#include <bit>
#include <cctype>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

using namespace scanjit;

static_assert(std::endian::native == std::endian::little,
              ".npy files are read and written as little-endian");

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

/// The descr of `dtype` in a .npy header.
std::string descrOf(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::Bool:
    return "|b1";
  }
  return "";
}

/// What a .npy header says.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  Shape shape;
};

/// Parses the header dict, a small subset of Python literals: string keys,
/// string, boolean and integer-tuple values.
class HeaderParser {
public:
  HeaderParser(const std::string &text, const std::string &name)
      : text(text), name(name) {}

  NpyHeader parse() {
    NpyHeader header;
    bool sawDescr = false, sawOrder = false, sawShape = false;
    expect('{');
    while (true) {
      skipSpaces();
      if (peek() == '}')
        break;
      std::string key = parseString();
      expect(':');
      skipSpaces();
      if (key == "descr") {
        header.descr = parseString();
        sawDescr = true;
      } else if (key == "fortran_order") {
        header.fortranOrder = parseBool();
        sawOrder = true;
      } else if (key == "shape") {
        header.shape = parseShape();
        sawShape = true;
      } else {
        fail("unexpected key '" + key + "'");
      }
      skipSpaces();
      if (peek() == ',') {
        ++position;
        continue;
      }
      skipSpaces();
      if (peek() != '}')
        fail("expected ',' or '}'");
    }
    if (!sawDescr || !sawOrder || !sawShape)
      fail("the header needs 'descr', 'fortran_order' and 'shape'");
    return header;
  }

private:
  [[noreturn]] void fail(const std::string &message) {
    throw Error(name + ": invalid .npy header: " + message + " in \"" + text +
                "\"");
  }

  char peek() const { return position < text.size() ? text[position] : '\0'; }

  void skipSpaces() {
    while (position < text.size() &&
           std::isspace(static_cast<unsigned char>(text[position])))
      ++position;
  }

  void expect(char c) {
    skipSpaces();
    if (peek() != c)
      fail(std::string("expected '") + c + "'");
    ++position;
  }

  std::string parseString() {
    skipSpaces();
    char quote = peek();
    if (quote != '\'' && quote != '"')
      fail("expected a string");
    size_t end = text.find(quote, position + 1);
    if (end == std::string::npos)
      fail("unterminated string");
    std::string value = text.substr(position + 1, end - position - 1);
    position = end + 1;
    return value;
  }

  bool parseBool() {
    if (text.compare(position, 4, "True") == 0) {
      position += 4;
      return true;
    }
    if (text.compare(position, 5, "False") == 0) {
      position += 5;
      return false;
    }
    fail("expected True or False");
  }

  Shape parseShape() {
    Shape shape;
    expect('(');
    while (true) {
      skipSpaces();
      if (peek() == ')') {
        ++position;
        return shape;
      }
      size_t start = position;
      int64_t size = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        if (__builtin_mul_overflow(size, 10, &size) ||
            __builtin_add_overflow(size, peek() - '0', &size))
          fail("dimension size " + text.substr(start, position + 1 - start) +
               "... does not fit in 64 bits");
        ++position;
      }
      if (start == position)
        fail("expected a dimension size");
      shape.push_back(size);
      skipSpaces();
      if (peek() == ',')
        ++position;
      else if (peek() != ')')
        fail("expected ',' or ')' in the shape");
    }
  }

  const std::string &text;
  const std::string &name;
  size_t position = 0;
};

DType parseDescr(const std::string &descr, const std::string &name) {
  for (DType dtype :
       {DType::F32, DType::F64, DType::I32, DType::I64, DType::Bool}) {
    std::string expected = descrOf(dtype);
    // '|' (not applicable) and '=' (native) both mean little-endian here.
    if (descr == expected ||
        (descr.size() == 3 && (descr[0] == '=' || descr[0] == '|') &&
         descr.substr(1) == expected.substr(1)))
      return dtype;
  }
  throw Error(name + ": unsupported .npy dtype '" + descr +
              "' (supported: little-endian f4, f8, i4, i8 and b1)");
}

/// The bytes left in `in` after its read position, when it can seek (a file
/// or a string stream); nullopt otherwise.
std::optional<uint64_t> remainingBytes(std::istream &in) {
  std::istream::pos_type here = in.tellg();
  if (here == std::istream::pos_type(-1))
    return std::nullopt;
  in.seekg(0, std::ios::end);
  std::istream::pos_type end = in.tellg();
  in.seekg(here);
  if (end == std::istream::pos_type(-1) || !in || end < here)
    return std::nullopt;
  return static_cast<uint64_t>(end - here);
}

/// Throws unless `in` holds at least `size` more bytes (when it can tell), so
/// that a header claiming more than the file holds fails before anything is
/// allocated for it.
void checkAvailable(std::istream &in, uint64_t size, const std::string &name,
                    const char *what) {
  std::optional<uint64_t> left = remainingBytes(in);
  if (left && *left < size)
    throw Error(name + ": truncated .npy file: the " + std::string(what) +
                " needs " + std::to_string(size) + " bytes but only " +
                std::to_string(*left) + " remain");
}

/// The longest header accepted. NumPy writes a few hundred bytes and reads at
/// most 10000 by default.
constexpr uint32_t kMaxHeaderLength = 1 << 20;

void readExactly(std::istream &in, void *buffer, size_t size,
                 const std::string &name, const char *what) {
  in.read(static_cast<char *>(buffer), static_cast<std::streamsize>(size));
  if (static_cast<size_t>(in.gcount()) != size)
    throw Error(name + ": truncated .npy file (while reading the " +
                std::string(what) + ")");
}

} // namespace

Array scanjit::readNpy(std::istream &in, const std::string &name) {
  char magic[kMagicSize + 2];
  readExactly(in, magic, sizeof(magic), name, "magic string");
  if (std::memcmp(magic, kMagic, kMagicSize) != 0)
    throw Error(name + ": not a .npy file (bad magic string)");
  uint8_t major = static_cast<uint8_t>(magic[kMagicSize]);
  uint32_t headerLength = 0;
  if (major == 1) {
    uint8_t bytes[2];
    readExactly(in, bytes, 2, name, "header length");
    headerLength = bytes[0] | (bytes[1] << 8);
  } else if (major == 2 || major == 3) {
    uint8_t bytes[4];
    readExactly(in, bytes, 4, name, "header length");
    headerLength = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) |
                   (static_cast<uint32_t>(bytes[3]) << 24);
  } else {
    throw Error(name + ": unsupported .npy format version " +
                std::to_string(major));
  }
  if (headerLength > kMaxHeaderLength)
    throw Error(name + ": invalid .npy header: its length " +
                std::to_string(headerLength) + " exceeds " +
                std::to_string(kMaxHeaderLength) + " bytes");
  checkAvailable(in, headerLength, name, "header");
  std::string headerText(headerLength, '\0');
  readExactly(in, headerText.data(), headerLength, name, "header");
  NpyHeader header = HeaderParser(headerText, name).parse();
  DType dtype = parseDescr(header.descr, name);

  // Read into an array whose strides follow the file's order, then make it
  // C-ordered.
  int64_t count = 1, bytes = 0;
  for (int64_t size : header.shape)
    if (__builtin_mul_overflow(count, size, &count))
      throw Error(name + ": invalid .npy header: shape " +
                  formatShape(header.shape) + " has too many elements");
  if (__builtin_mul_overflow(count, static_cast<int64_t>(elementSize(dtype)),
                             &bytes))
    throw Error(name + ": invalid .npy header: shape " +
                formatShape(header.shape) + " needs more than 2^63 bytes");
  checkAvailable(in, static_cast<uint64_t>(bytes), name, "data");
  Array array = Array::zeros(dtype, header.shape);
  readExactly(in, array.data(), static_cast<size_t>(bytes), name, "data");
  if (dtype == DType::Bool) {
    auto *bytes = static_cast<uint8_t *>(array.data());
    for (int64_t i = 0, e = array.size(); i < e; ++i)
      bytes[i] = bytes[i] != 0;
  }
  if (!header.fortranOrder || array.rank() < 2)
    return array;
  Shape reversed(header.shape.rbegin(), header.shape.rend());
  Shape strides = contiguousStrides(reversed);
  Shape fortranStrides(strides.rbegin(), strides.rend());
  return Array::view(array.data(), dtype, header.shape, fortranStrides).clone();
}

Array scanjit::readNpy(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("cannot open '" + path + "': " + std::strerror(errno));
  return readNpy(in, path);
}

void scanjit::writeNpy(std::ostream &out, const Array &array) {
  std::string shape = "(";
  for (int64_t size : array.shape())
    shape += std::to_string(size) + ", ";
  if (array.rank() == 1)
    shape.pop_back(); // "(3,)"
  else if (array.rank() > 1)
    shape.resize(shape.size() - 2);
  shape += ")";
  std::string header = "{'descr': '" + descrOf(array.dtype()) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Magic (6) + version (2) + length (2) + header + '\n', to a multiple of 64.
  size_t unpadded = kMagicSize + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  if (header.size() > 0xffff)
    throw Error("cannot write an array of rank " +
                std::to_string(array.rank()) + " as .npy: header too long");
  out.write(kMagic, kMagicSize);
  const char version[2] = {1, 0};
  out.write(version, 2);
  const char length[2] = {static_cast<char>(header.size() & 0xff),
                          static_cast<char>(header.size() >> 8)};
  out.write(length, 2);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  Array contiguous = array.contiguous();
  out.write(
      static_cast<const char *>(contiguous.data()),
      static_cast<std::streamsize>(static_cast<size_t>(contiguous.size()) *
                                   elementSize(array.dtype())));
}

void scanjit::writeNpy(const std::string &path, const Array &array) {
  std::ofstream out(path, std::ios::binary);
  if (!out)
    throw Error("cannot open '" + path +
                "' for writing: " + std::strerror(errno));
  writeNpy(out, array);
  out.flush();
  if (!out)
    throw Error("cannot write '" + path + "'");
}
