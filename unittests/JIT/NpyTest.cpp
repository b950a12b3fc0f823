//===- NpyTest.cpp - Reading and writing .npy files -----------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/Npy.h"

#include "ErrorMatchers.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

using namespace scanjit;
using scanjit::testing::contains;
using scanjit::testing::errorMessageOf;

namespace {

std::string toNpy(const Array &array) {
  std::ostringstream out;
  writeNpy(out, array);
  return out.str();
}

Array fromNpy(const std::string &bytes) {
  std::istringstream in(bytes);
  return readNpy(in, "<test>");
}

/// A version 1.0 .npy image with `header` (padded as numpy pads) and `data`.
std::string npyImage(std::string header, const std::string &data) {
  size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string image = "\x93NUMPY";
  image += '\x01';
  image += '\x00';
  image += static_cast<char>(header.size() & 0xff);
  image += static_cast<char>(header.size() >> 8);
  return image + header + data;
}

TEST(NpyTest, WritesWhatNumpySaveWrites) {
  std::string bytes = toNpy(Array({{1.0, 2.0}, {3.0, 4.0}}));
  ASSERT_EQ(bytes.size(), 128u + 32u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(static_cast<uint8_t>(bytes[8]), 118);
  EXPECT_EQ(bytes[9], 0);
  EXPECT_EQ(bytes.substr(10, 59), "{'descr': '<f8', 'fortran_order': False, "
                                  "'shape': (2, 2), }");
  EXPECT_EQ(bytes[127], '\n');
  EXPECT_TRUE(contains(toNpy(Array{1, 2, 3}), "'descr': '<i4'"));
  EXPECT_TRUE(contains(toNpy(Array{1, 2, 3}), "'shape': (3,)"));
  EXPECT_TRUE(contains(toNpy(Array::scalar(true)), "'descr': '|b1'"));
  EXPECT_TRUE(contains(toNpy(Array::scalar(true)), "'shape': ()"));
}

TEST(NpyTest, RoundTripsEveryDType) {
  std::vector<Array> arrays = {
      Array({{1.5f, -2.0f, 3.25f}}),
      Array({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}}),
      Array({{{1, -2}}, {{3, 4}}}),
      Array{int64_t{1} << 40, int64_t{-5}},
      Array{true, false, true},
      Array::scalar(2.5),
      Array::zeros(DType::F32, {0, 4}),
  };
  for (const Array &array : arrays) {
    Array back = fromNpy(toNpy(array));
    EXPECT_TRUE(arrayEqual(back, array)) << array.typeString();
    EXPECT_EQ(back.shape(), array.shape());
  }
}

TEST(NpyTest, WritesViewsInCOrder) {
  double data[6] = {1, 2, 3, 4, 5, 6};
  Array transposed = Array::view(data, {3, 2}, {1, 3});
  EXPECT_TRUE(arrayEqual(fromNpy(toNpy(transposed)), transposed.clone()));
}

TEST(NpyTest, ReadsFortranOrder) {
  double data[6] = {1, 2, 3, 4, 5, 6};
  std::string image =
      npyImage("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
               std::string(reinterpret_cast<const char *>(data), sizeof(data)));
  EXPECT_TRUE(
      arrayEqual(fromNpy(image), Array({{1.0, 3.0, 5.0}, {2.0, 4.0, 6.0}})));
}

TEST(NpyTest, FilesRoundTrip) {
  std::string path =
      (std::filesystem::temp_directory_path() / "scanjit-npy-test.npy")
          .string();
  Array array({{1, 2}, {3, 4}}, DType::I64);
  writeNpy(path, array);
  EXPECT_TRUE(arrayEqual(readNpy(path), array));
  std::remove(path.c_str());
  EXPECT_TRUE(contains(errorMessageOf([&] { readNpy(path); }),
                       "cannot open '" + path + "'"));
}

TEST(NpyTest, RejectsWhatItCannotRead) {
  EXPECT_EQ(errorMessageOf([] { fromNpy("hello, world"); }),
            "<test>: not a .npy file (bad magic string)");
  EXPECT_EQ(errorMessageOf([] { fromNpy("\x93NUM"); }),
            "<test>: truncated .npy file (while reading the magic string)");
  EXPECT_EQ(errorMessageOf([] {
              fromNpy(npyImage("{'descr': '>f8', 'fortran_order': False, "
                               "'shape': (1,), }",
                               std::string(8, '\0')));
            }),
            "<test>: unsupported .npy dtype '>f8' (supported: little-endian "
            "f4, f8, i4, i8 and b1)");
  EXPECT_EQ(errorMessageOf([] {
              fromNpy(npyImage("{'descr': '<f8', 'fortran_order': False, "
                               "'shape': (2,), }",
                               std::string(8, '\0')));
            }),
            "<test>: truncated .npy file: the data needs 16 bytes but only 8 "
            "remain");
  EXPECT_TRUE(contains(errorMessageOf([] {
                         fromNpy(
                             npyImage("{'descr': '<f8', 'shape': (2,), }", ""));
                       }),
                       "<test>: invalid .npy header: the header needs "
                       "'descr', 'fortran_order' and 'shape'"));
}

// Hostile headers (issue 10): sizes are checked with overflow checks and
// against the bytes the file holds before anything is allocated.
TEST(NpyTest, HostileHeadersAreErrorsNotCrashes) {
  auto header = [](const std::string &shape) {
    return "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape +
           ", }";
  };
  // A 20-digit dimension (std::stoll threw std::out_of_range).
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         fromNpy(npyImage(header("(99999999999999999999,)"),
                                          std::string(128, '\0')));
                       }),
                       "does not fit in 64 bits"));
  // 2^61 elements of 8 bytes wrap to 0 bytes: a 128-byte file was read as a
  // huge array.
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         fromNpy(npyImage(header("(2305843009213693952,)"),
                                          std::string(128, '\0')));
                       }),
                       "needs more than 2^63 bytes"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         fromNpy(npyImage(header("(4294967296, 4294967296)"),
                                          std::string(128, '\0')));
                       }),
                       "has too many elements"));
  // No elements, but sizes whose product overflows (the strides did).
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        fromNpy(npyImage(header("(0, 3, 5777, 7777777777777, 777777, 6)"),
                         ""));
      }),
      "too many elements"));
  // 1e9 elements declared by a short file: an error before allocating 8 GB.
  EXPECT_EQ(errorMessageOf([&] {
              fromNpy(npyImage(header("(1000000000,)"), std::string(64, '\0')));
            }),
            "<test>: truncated .npy file: the data needs 8000000000 bytes but "
            "only 64 remain");
  // A version 2 header claiming 4 GB.
  std::string huge = std::string("\x93NUMPY\x02\x00", 8) + "\xff\xff\xff\xff";
  EXPECT_TRUE(contains(errorMessageOf([&] { fromNpy(huge); }),
                       "invalid .npy header: its length 4294967295 exceeds"));
  std::string claims = std::string("\x93NUMPY\x02\x00", 8) +
                       std::string("\x00\x00\x01\x00", 4) + "{}";
  EXPECT_EQ(errorMessageOf([&] { fromNpy(claims); }),
            "<test>: truncated .npy file: the header needs 65536 bytes but "
            "only 2 remain");
}

} // namespace
