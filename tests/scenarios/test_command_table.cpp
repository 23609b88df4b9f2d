// The command table and its handlers: every command id has one row and one
// handler, and the parser gives each step its command's id.
#include "sriov/scenario/handler_table.h"
#include "sriov/scenario/scenario.h"

#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace {

using namespace sriov::scenario;

TEST(CommandTable, EveryIdHasOneRow) {
    std::set<command_id> seen;
    for (const command_spec& c : commands()) {
        EXPECT_TRUE(seen.insert(c.id).second) << c.name << " repeats an id";
        EXPECT_EQ(find_command(c.name)->id, c.id) << c.name;
    }
    EXPECT_EQ(seen.size(), command_count);
    for (size_t i = 0; i < command_count; ++i) {
        EXPECT_EQ(find_command(static_cast<command_id>(i)).id, static_cast<command_id>(i));
    }
}

TEST(CommandTable, EveryStepCommandHasAHandler) {
    const handler_table table;
    for (const command_spec& c : commands()) {
        if (c.id != command_id::platform) {
            EXPECT_NE(table.find(c.id), nullptr) << c.name;
        }
    }
}

TEST(CommandTable, ParserSetsTheCommandId) {
    std::istringstream in("platform mode=at\n"
                          "wait 1us\n"
                          "read pf 0x00 4\n"
                          "NdisMEnableVirtualization NumVFs=2\n"
                          "OID_SRIOV_READ_VF_CONFIG_SPACE 0 0x04 2\n");
    const scenario sc = parse(in, "ids.sriov");
    ASSERT_EQ(sc.steps.size(), 4u);
    EXPECT_EQ(sc.steps[0].id, command_id::wait);
    EXPECT_EQ(sc.steps[1].id, command_id::read);
    EXPECT_EQ(sc.steps[2].id, command_id::ndis_enable_virtualization);
    EXPECT_EQ(sc.steps[3].id, command_id::oid_read_vf_config_space);
}

} // namespace
