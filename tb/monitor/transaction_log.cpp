#include "sriov/tb/transaction_log.h"

#include "sriov/tlp/tlp_format.h"

namespace sriov::tb {

transaction_log::transaction_log(const std::string& path) : out_(path) {}

void transaction_log::on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) {
    out_ << log_line(t, time_ps, dir == link::direction::downstream ? "down" : "up") << '\n';
    ++records_;
}

void transaction_log::on_mem_tlp(uint64_t time_ps, link::direction dir, const mem_tlp& t) {
    write(mem_log_record(t, time_ps, dir == link::direction::downstream ? "down" : "up"));
}

void transaction_log::write(const nlohmann::ordered_json& record) {
    out_ << record.dump() << '\n';
    ++records_;
}

} // namespace sriov::tb
