#ifndef BACKPROP_FLOAT_MATH_H
#define BACKPROP_FLOAT_MATH_H

// The standard normal's distribution function Φ and density φ in float by plain IEEE
// arithmetic, for GELU: no C library call, so the loops over them vectorise, and only
// additions, multiplications and one division, never contracted into fused multiply-adds,
// so the bits are the same on every CPU and instruction set (glibc's float routines are
// chosen per CPU). Static inline: each instruction set's translation unit compiles its own
// copy of this one definition, and the tests call it from Swift.
//
// Φ(x) = erfc(−x/√2)/2 with erfc from Numerical Recipes' `erfcc` (relative error below
// 1.2e-7 for every argument), so Φ keeps its relative accuracy far into the negative tail
// where 1 + erf(x/√2) cancels: within a few units in the last place where GELU is not tiny,
// and 65 at x = −6 (GELU about −6e-9), against 1e7 and more for (1 + erff)/2 there.

#include <stdint.h>

#pragma clang fp contract(off)

// e^x for x ≤ 0 (Cephes' `expf`: x = n·ln 2 + r, a degree-6 polynomial in r, 2ⁿ built in
// the exponent bits; within one unit in the last place). Below −87.34, where e^x is no
// longer a normal float, it returns e^−87.34.
static inline float backprop_exp_nonpositive_f32(float x) {
    x = -87.33654f >= x ? -87.33654f : x;
    // n = round(x/ln 2): adding 1.5·2²³ rounds to an integer and leaves it in the low bits.
    float shifted = x * 1.44269504088896341f + 12582912.0f;
    float n = shifted - 12582912.0f;
    float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float mantissa = p * (r * r) + r + 1;
    uint32_t bits;
    __builtin_memcpy(&bits, &shifted, sizeof bits);
    uint32_t exponent = (bits - 0x4B400000u + 127u) << 23;
    float scale;
    __builtin_memcpy(&scale, &exponent, sizeof scale);
    return mantissa * scale;
}

// Φ(x).
static inline float backprop_normal_cdf_f32(float x) {
    // z = |x|/√2, clamped where erfc(z)/2 is below every float anyway.
    float z = __builtin_fabsf(x) * 0.70710678118654752f;
    z = 10.0f < z ? 10.0f : z;
    float t = 1 / (1 + 0.5f * z);
    float p = 0.17087277f;
    p = p * t - 0.82215223f;
    p = p * t + 1.48851587f;
    p = p * t - 1.13520398f;
    p = p * t + 0.27886807f;
    p = p * t - 0.18628806f;
    p = p * t + 0.09678418f;
    p = p * t + 0.37409196f;
    p = p * t + 1.00002368f;
    p = p * t - 1.26551223f;
    float tail = 0.5f * t * backprop_exp_nonpositive_f32(p - z * z);
    return x >= 0 ? 1 - tail : tail;
}

// φ(x) = e^(−x²/2)/√(2π).
static inline float backprop_normal_density_f32(float x) {
    return 0.39894228040143268f * backprop_exp_nonpositive_f32(-0.5f * x * x);
}

#endif
