#include "sriov/scenario/handler_table.h"

#include <string>
#include <systemc>

namespace sriov::scenario {

handler_table::handler_table() {
    add_bus_handlers(*this);
    add_ndis_handlers(*this);
    add_pcivirt_handlers(*this);
    add_rc_handlers(*this);
    add_control_handlers(*this);
    for (const command_spec& c : commands()) {
        if (c.id != command_id::platform && find(c.id) == nullptr) {
            SC_REPORT_FATAL("sriov/scenario",
                            (std::string("no handler for the command ") + c.name).c_str());
        }
    }
}

void handler_table::add(std::initializer_list<row> rows) {
    for (const row& r : rows) {
        handlers_[static_cast<size_t>(r.id)] = r.handler;
    }
}

} // namespace sriov::scenario
