#include "timestamp.h"

#include <algorithm>
#include <array>

namespace roomcast::protocol {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: what four year digits can hold.
constexpr std::int64_t kMinMs = -62'167'219'200'000;
constexpr std::int64_t kMaxMs = 253'402'300'799'999;

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, public domain).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = floorDiv(y, 400);
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil
{
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = floorDiv(z, 146097);
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool isLeap(std::int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(std::int64_t y, unsigned m)
{
    static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

void putDigits(char *out, std::int64_t value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// Reads exactly `width` digits at `pos`; -1 when they are not all digits.
int digits(std::string_view text, std::size_t pos, std::size_t width)
{
    if (pos + width > text.size())
        return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

} // namespace

std::string formatTimestamp(std::int64_t msSinceEpoch)
{
    const std::int64_t ms = std::clamp(msSinceEpoch, kMinMs, kMaxMs);
    const std::int64_t days = floorDiv(ms, kMsPerDay);
    const std::int64_t msOfDay = ms - days * kMsPerDay;
    const Civil date = civilFromDays(days);

    std::string out = "0000-00-00T00:00:00.000Z";
    putDigits(out.data(), date.year, 4);
    putDigits(out.data() + 5, date.month, 2);
    putDigits(out.data() + 8, date.day, 2);
    putDigits(out.data() + 11, msOfDay / 3'600'000, 2);
    putDigits(out.data() + 14, msOfDay / 60'000 % 60, 2);
    putDigits(out.data() + 17, msOfDay / 1000 % 60, 2);
    putDigits(out.data() + 20, msOfDay % 1000, 3);
    return out;
}

std::optional<std::int64_t> parseTimestamp(std::string_view text)
{
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); 'T' and 'Z' may be lower case.
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[13] != ':' ||
        text[16] != ':' || (text[10] != 'T' && text[10] != 't'))
        return std::nullopt;
    const int year = digits(text, 0, 4);
    const int month = digits(text, 5, 2);
    const int day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2);
    const int minute = digits(text, 14, 2);
    const int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 ||
        static_cast<unsigned>(day) > daysInMonth(year, static_cast<unsigned>(month)) || hour < 0 ||
        hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
        return std::nullopt;

    std::size_t pos = 19;
    int millis = 0;
    if (text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (pos - start < 3)
                millis = millis * 10 + (text[pos] - '0');
            ++pos;
        }
        const std::size_t count = pos - start;
        if (count == 0)
            return std::nullopt;
        for (std::size_t i = count; i < 3; ++i)
            millis *= 10;
    }

    std::int64_t offsetMinutes = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int offHour = digits(text, pos + 1, 2);
        const int offMinute = digits(text, pos + 4, 2);
        if (pos + 6 > text.size() || text[pos + 3] != ':' || offHour < 0 || offHour > 23 ||
            offMinute < 0 || offMinute > 59)
            return std::nullopt;
        offsetMinutes = (offHour * 60 + offMinute) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size())
        return std::nullopt;

    const std::int64_t days =
        daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t seconds = days * 86'400 + hour * 3600 + minute * 60 + second;
    return (seconds - offsetMinutes * 60) * 1000 + millis;
}

} // namespace roomcast::protocol
