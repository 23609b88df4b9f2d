// The input files of the text formats are read with limits (models/text
// input_file.h): regular files of at most 1 MiB. The loaders of scenarios and
// device descriptions throw their own error types, naming the path.
#include "sriov/config/device_description.h"
#include "sriov/scenario/scenario.h"
#include "sriov/text/input_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using sriov::text::input_file_error;
using sriov::text::read_input_file;

// A scratch folder of its own for each test.
class input_limits : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("sriov_input_limits_" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& contents) const {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << contents;
        return path;
    }

    fs::path dir_;
};

// The reason read_input_file gives for `path`, "" when it reads it.
std::string refusal(const std::string& path, std::size_t max_bytes) {
    try {
        read_input_file(path, max_bytes);
    } catch (const input_file_error& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_EQ(std::string(e.what()), path + ": " + e.reason());
        return e.reason();
    }
    return "";
}

TEST_F(input_limits, reads_a_regular_file_up_to_the_limit) {
    const std::string path = write("a.txt", "0123456789abcdef");
    EXPECT_EQ(read_input_file(path, 16), "0123456789abcdef");
    EXPECT_EQ(read_input_file(path), "0123456789abcdef");
    EXPECT_EQ(refusal(path, 15), "is 16 bytes, larger than the limit of 15 bytes");
}

TEST_F(input_limits, refuses_what_is_not_a_regular_file) {
    EXPECT_EQ(refusal(dir_.string(), 100), "is a directory, not a file");
    EXPECT_EQ(refusal("/dev/zero", 100), "is not a regular file (a device, FIFO or socket)");
    EXPECT_EQ(refusal((dir_ / "none").string(), 100), "no such file");
}

TEST_F(input_limits, follows_symbolic_links) {
    const std::string target = write("t.txt", "x");
    fs::create_symlink(target, dir_ / "l.txt");
    EXPECT_EQ(read_input_file((dir_ / "l.txt").string()), "x");
}

TEST_F(input_limits, the_default_limit_is_one_mib) {
    const std::string path = write("big.txt", std::string((1u << 20) + 1, '#'));
    EXPECT_EQ(refusal(path, sriov::text::max_input_file_bytes),
              "is 1048577 bytes, larger than the limit of 1048576 bytes");
}

TEST_F(input_limits, scenario_load_throws_parse_error_with_the_path) {
    try {
        sriov::scenario::load("/dev/zero");
        FAIL() << "loaded /dev/zero";
    } catch (const sriov::scenario::parse_error& e) {
        EXPECT_STREQ(e.what(),
                     "/dev/zero:0: cannot read the scenario file: is not a regular file (a "
                     "device, FIFO or socket)");
    }
}

TEST_F(input_limits, load_device_description_throws_profile_error_with_the_path) {
    try {
        sriov::config::load_device_description(dir_.string());
        FAIL() << "loaded a directory";
    } catch (const sriov::config::profile_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  dir_.string() +
                      ": cannot read the device description: is a directory, not a file");
    }
}

} // namespace
