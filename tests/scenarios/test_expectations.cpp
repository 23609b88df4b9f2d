// The expectation checks of scenario steps (tb/scenario/expectations.h), on
// hand-built outcomes: every comparison, masks, data windows and slices,
// missing values, and the failure message as a person reads it.
#include "sriov/scenario/access_fields.h"
#include "sriov/scenario/expectations.h"

#include <gtest/gtest.h>
#include <string>

namespace {

using namespace sriov::scenario;

expectation expect(const std::string& field, compare_op op, uint64_t value) {
    expectation e;
    e.line = 7;
    e.field = field;
    e.op = op;
    e.expected = value;
    e.text = "expect " + field + " " + to_string(op) + " " + std::to_string(value);
    return e;
}

expectation expect_slice(uint16_t offset, unsigned length, uint64_t value) {
    expectation e = expect("data", compare_op::eq, value);
    e.data_slice = true;
    e.slice_offset = offset;
    e.slice_length = length;
    return e;
}

// A read of 4 bytes at 0x10: 0x44332211 as one little-endian number.
step_outcome read_outcome() {
    step_outcome o;
    o.fields["tlps"] = 1;
    o.fields["status"] = 0;
    o.data = data_window{0x10, {0x11, 0x22, 0x33, 0x44}};
    return o;
}

const step_identity step_3{"t.sriov", 3, 6, "read", "pf 0x10 4", ""};

bool passes(const expectation& e, const step_outcome& o) {
    return evaluate(e, o, step_3).passed;
}

TEST(Expectations, EachComparison) {
    struct row {
        compare_op op;
        uint64_t expected;
        bool passes;
    };
    // The actual value is 5.
    const row rows[] = {
        {compare_op::eq, 5, true},  {compare_op::eq, 4, false}, {compare_op::ne, 4, true},
        {compare_op::ne, 5, false}, {compare_op::lt, 6, true},  {compare_op::lt, 5, false},
        {compare_op::le, 5, true},  {compare_op::le, 4, false}, {compare_op::gt, 4, true},
        {compare_op::gt, 5, false}, {compare_op::ge, 5, true},  {compare_op::ge, 6, false},
    };
    step_outcome o;
    o.fields["tlps"] = 5;
    for (const row& r : rows) {
        EXPECT_EQ(passes(expect("tlps", r.op, r.expected), o), r.passes)
            << "5 " << to_string(r.op) << " " << r.expected;
    }
}

TEST(Expectations, ComparisonsAreUnsigned) {
    step_outcome o;
    o.fields["return"] = 0xC0000001; // an error NTSTATUS is a large 32-bit pattern
    EXPECT_TRUE(passes(expect("return", compare_op::gt, 0), o));
}

TEST(Expectations, MaskAppliesToBothSides) {
    step_outcome o;
    o.fields["command"] = 0x0406;
    expectation e = expect("command", compare_op::eq, 0x0004);
    EXPECT_FALSE(passes(e, o));
    e.mask = 0x0004;
    EXPECT_TRUE(passes(e, o));
    e.expected = 0xFFF0; // masked away: 0x0000 vs 0x0004
    EXPECT_FALSE(passes(e, o));
}

TEST(Expectations, DataIsTheWholeWindowLittleEndian) {
    EXPECT_TRUE(passes(expect("data", compare_op::eq, 0x44332211), read_outcome()));
    EXPECT_FALSE(passes(expect("data", compare_op::eq, 0x11223344), read_outcome()));
}

TEST(Expectations, DataSliceAtConfigSpaceOffset) {
    EXPECT_TRUE(passes(expect_slice(0x10, 1, 0x11), read_outcome()));
    EXPECT_TRUE(passes(expect_slice(0x12, 2, 0x4433), read_outcome()));
    EXPECT_FALSE(passes(expect_slice(0x12, 2, 0x3344), read_outcome()));
    EXPECT_TRUE(passes(expect_slice(0x11, 3, 0x443322), read_outcome()));
}

TEST(Expectations, DataSliceOutsideTheWindowIsNotAvailable) {
    EXPECT_FALSE(passes(expect_slice(0x0F, 2, 0), read_outcome())); // starts before
    EXPECT_FALSE(passes(expect_slice(0x13, 2, 0), read_outcome())); // ends after
    const expectation_verdict v = evaluate(expect_slice(0x14, 1, 0), read_outcome(), step_3);
    EXPECT_NE(v.message.find("not available"), std::string::npos) << v.message;
}

TEST(Expectations, NoDataIsNotAvailableWhateverTheComparison) {
    step_outcome o = read_outcome();
    o.data.reset(); // the call failed: no data
    EXPECT_FALSE(passes(expect("data", compare_op::ne, 0x12345678), o));
    EXPECT_FALSE(passes(expect("data", compare_op::ge, 0), o));
    const expectation_verdict v = evaluate(expect("data", compare_op::eq, 0), o, step_3);
    EXPECT_NE(v.message.find("actual:   not available (the call returned no data)"),
              std::string::npos)
        << v.message;
}

TEST(Expectations, FieldTheStepDidNotReportIsNotAvailable) {
    EXPECT_FALSE(passes(expect("crs_retries", compare_op::ge, 0), read_outcome()));
}

TEST(Expectations, MessageNamesStepExpectedAndActual) {
    const expectation_verdict v =
        evaluate(expect("data", compare_op::eq, 0x12345678), read_outcome(), step_3);
    ASSERT_FALSE(v.passed);
    EXPECT_EQ(v.message, "t.sriov:7: step 3 (read pf 0x10 4, line 6): expectation failed: "
                         "expect data == 305419896\n"
                         "    expected: == 0x12345678\n"
                         "    actual:   0x44332211");
}

TEST(Expectations, PassedHasNoMessage) {
    const expectation_verdict v =
        evaluate(expect("tlps", compare_op::eq, 1), read_outcome(), step_3);
    EXPECT_TRUE(v.passed);
    EXPECT_EQ(v.message, "");
}

TEST(Expectations, MessageShowsMaskAndMaskedValue) {
    step_outcome o;
    o.fields["command"] = 0x0406;
    expectation e = expect("command", compare_op::eq, 0x0002);
    e.mask = 0x00FF;
    const expectation_verdict v = evaluate(e, o, step_3);
    EXPECT_NE(v.message.find("    expected: == 0x2 (mask 0xFF)\n"), std::string::npos) << v.message;
    EXPECT_NE(v.message.find("    actual:   0x406 (masked 0x6)"), std::string::npos) << v.message;
}

TEST(Expectations, MessageShowsCountsInDecimalAndStatusByName) {
    step_outcome o;
    o.fields["tlps"] = 12;
    o.fields["status"] = access_status::timeout;
    o.fields["response"] = static_cast<uint64_t>(access_response::generic_error);
    EXPECT_NE(evaluate(expect("tlps", compare_op::eq, 10), o, step_3)
                  .message.find("expected: == 10\n    actual:   12"),
              std::string::npos);
    EXPECT_NE(evaluate(expect("status", compare_op::eq, 0), o, step_3)
                  .message.find("expected: == SC\n    actual:   timeout"),
              std::string::npos);
    EXPECT_NE(evaluate(expect("response", compare_op::eq, 0), o, step_3)
                  .message.find("expected: == ok\n    actual:   generic_error"),
              std::string::npos);
}

TEST(Expectations, ReturnIsShownTheWayTheStepDescribesIt) {
    step_outcome o;
    o.fields["return"] = 2;
    EXPECT_NE(evaluate(expect("return", compare_op::eq, 4), o, step_3)
                  .message.find("expected: == 0x4\n    actual:   0x2"),
              std::string::npos);
    o.describe_return = [](uint64_t v) { return std::to_string(v) + " (bytes)"; };
    EXPECT_NE(evaluate(expect("return", compare_op::eq, 4), o, step_3)
                  .message.find("expected: == 4 (bytes)\n    actual:   2 (bytes)"),
              std::string::npos);
}

TEST(Expectations, MessageGivesTheReasonOfARefusedCall) {
    step_identity refused = step_3;
    refused.reason = "null buffer";
    const expectation_verdict v =
        evaluate(expect("tlps", compare_op::eq, 2), read_outcome(), refused);
    EXPECT_NE(v.message.find("\n    reason:   null buffer"), std::string::npos) << v.message;
    EXPECT_EQ(
        evaluate(expect("tlps", compare_op::eq, 2), read_outcome(), step_3).message.find("reason:"),
        std::string::npos);
}

TEST(Expectations, FailedExpectationsKeepsOrderAndSkipsPasses) {
    const std::vector<expectation> expects = {expect("tlps", compare_op::eq, 2),
                                              expect("tlps", compare_op::eq, 1),
                                              expect("status", compare_op::ne, 0)};
    const std::vector<std::string> failed = failed_expectations(expects, read_outcome(), step_3);
    ASSERT_EQ(failed.size(), 2u);
    EXPECT_NE(failed[0].find("expect tlps == 2"), std::string::npos);
    EXPECT_NE(failed[1].find("expect status != 0"), std::string::npos);
}

// expect FIELD OP $NAME: the value captured earlier, masked like a literal.
expectation expect_captured(const std::string& field, compare_op op, const std::string& name) {
    expectation e = expect(field, op, 0);
    e.expected_name = name;
    e.text = "expect " + field + " " + to_string(op) + " $" + name;
    return e;
}

TEST(CapturedValues, CompareWithTheCapturedValue) {
    const captured_values captured = {{"ids", 0x44332211}, {"other", 0x99332211}};
    const step_outcome o = read_outcome();
    EXPECT_TRUE(
        evaluate(expect_captured("data", compare_op::eq, "ids"), o, step_3, captured).passed);
    EXPECT_FALSE(
        evaluate(expect_captured("data", compare_op::eq, "other"), o, step_3, captured).passed);
    EXPECT_TRUE(
        evaluate(expect_captured("data", compare_op::ne, "other"), o, step_3, captured).passed);
    expectation masked = expect_captured("data", compare_op::eq, "other");
    masked.mask = 0x00FFFFFF;
    EXPECT_TRUE(evaluate(masked, o, step_3, captured).passed);
    // The literal `expected` is not used for a named value.
    expectation named = expect_captured("data", compare_op::eq, "other");
    named.expected = 0x44332211;
    EXPECT_FALSE(evaluate(named, o, step_3, captured).passed);
}

TEST(CapturedValues, MessageShowsTheNameAndItsValue) {
    const expectation_verdict v = evaluate(expect_captured("data", compare_op::eq, "pf_ids"),
                                           read_outcome(), step_3, {{"pf_ids", 0x10FB8086}});
    ASSERT_FALSE(v.passed);
    EXPECT_EQ(v.message, "t.sriov:7: step 3 (read pf 0x10 4, line 6): expectation failed: "
                         "expect data == $pf_ids\n"
                         "    expected: == $pf_ids (0x10FB8086)\n"
                         "    actual:   0x44332211");
}

TEST(CapturedValues, ANameWithoutValueFailsWhateverTheComparison) {
    for (compare_op op : {compare_op::eq, compare_op::ne, compare_op::ge}) {
        const expectation_verdict v =
            evaluate(expect_captured("data", op, "lost"), read_outcome(), step_3, {});
        ASSERT_FALSE(v.passed);
        EXPECT_NE(v.message.find("expected: " + std::string(to_string(op)) +
                                 " $lost (no value: its capture found nothing)"),
                  std::string::npos)
            << v.message;
    }
}

TEST(CapturedValues, FieldValueIsWhatAnExpectationSees) {
    const step_outcome o = read_outcome();
    field_ref f;
    f.field = "tlps";
    EXPECT_EQ(field_value(f, o), 1u);
    f.field = "data";
    EXPECT_EQ(field_value(f, o), 0x44332211u);
    f.data_slice = true;
    f.slice_offset = 0x12;
    f.slice_length = 2;
    EXPECT_EQ(field_value(f, o), 0x4433u);
    f.slice_offset = 0x13;
    EXPECT_EQ(field_value(f, o), std::nullopt); // past the bytes read
    f.field = "BusNumber";
    f.data_slice = false;
    EXPECT_EQ(field_value(f, o), std::nullopt);
}

TEST(Expectations, SliceOutsideTheReadBytesSaysSo) {
    const expectation_verdict v = evaluate(expect_slice(0x20, 2, 0), read_outcome(), step_3);
    ASSERT_FALSE(v.passed);
    EXPECT_NE(v.message.find("actual:   not available (outside the bytes the step read: offset "
                             "0x10, 4 bytes)"),
              std::string::npos)
        << v.message;
}

TEST(AccessFields, NamesAndValuesAreOneTable) {
    for (const char* name : {"SC", "UR", "CRS", "CA", "timeout", "none"}) {
        const auto v = access_field_value(name);
        ASSERT_TRUE(v) << name;
        EXPECT_EQ(status_field_name(*v), name);
    }
    for (const char* name : {"ok", "address_error", "command_error", "generic_error"}) {
        const auto v = access_field_value(name);
        ASSERT_TRUE(v) << name;
        EXPECT_EQ(response_field_name(*v), name);
    }
    EXPECT_EQ(status_field_name(7), "0x7");
    EXPECT_EQ(response_field_name(9), "0x9");
    EXPECT_FALSE(access_field_value("STATUS_SUCCESS"));
}

} // namespace
