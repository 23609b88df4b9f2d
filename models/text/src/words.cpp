#include "sriov/text/words.h"

#include <cctype>

namespace sriov::text {

namespace {

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

} // namespace

std::string trim(std::string_view text) {
    size_t begin = 0;
    size_t end = text.size();
    while (begin < end && is_space(text[begin])) {
        ++begin;
    }
    while (end > begin && is_space(text[end - 1])) {
        --end;
    }
    return std::string(text.substr(begin, end - begin));
}

std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> words;
    size_t pos = 0;
    while (pos < line.size()) {
        if (is_space(line[pos])) {
            ++pos;
            continue;
        }
        const size_t start = pos;
        while (pos < line.size() && !is_space(line[pos])) {
            ++pos;
        }
        words.emplace_back(line.substr(start, pos - start));
    }
    return words;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

} // namespace sriov::text
