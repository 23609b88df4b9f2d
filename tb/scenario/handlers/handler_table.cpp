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

void handler_table::add(command_id id, step_handler handler) {
    handlers_[static_cast<size_t>(id)] = handler;
}

} // namespace sriov::scenario
