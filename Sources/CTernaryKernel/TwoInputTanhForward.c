#include "TwoInputTanhForward.h"

// Bit-identity with the Swift kernel needs every multiply and add rounded on its own: clang would otherwise
// fuse a * b + c into an FMA wherever the target has one.
#pragma clang fp contract(off)

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

/// Points per block, in vectors of 8: the block's 4 output sums, 4 weights, 2 clamp limits and one point's
/// temporaries fit the 16 ymm registers, so nothing spills inside the sweep over units.
#define VECTORS_PER_BLOCK 4

/// FastTanh's coefficients, each in all 8 lanes: P's from x¹² down to x⁰, then Q's from x⁶ down to x⁰, the
/// exact values of its Float literals, in hexadecimal. Not `const`, on purpose: the compiler keeps constant
/// splats in registers, 13 of which do not fit beside the block's sums, and re-broadcasts them (vbroadcastss)
/// per use; a table it cannot see into is read as memory operands of the multiplies and adds, at no instruction
/// of its own. Nothing writes it.
__attribute__((visibility("hidden"), aligned(32))) float synrl_fast_tanh_coefficient_vectors[11][8] = {
#define SPLAT(c) {c, c, c, c, c, c, c, c}
    SPLAT(-0x1.fc2832p-45f), SPLAT(0x1.678874p-35f), SPLAT(-0x1.2e1652p-26f), SPLAT(0x1.5f3b22p-17f),
    SPLAT(0x1.8df28ep-9f), SPLAT(0x1.0ab3bp-3f), SPLAT(0x1.fffffcp-1f),
    SPLAT(0x1.00c2bep-12f), SPLAT(0x1.8cdda2p-6f), SPLAT(0x1.daaf0cp-2f), SPLAT(1.0f),
#undef SPLAT
};

/// FastTanh.tanh on 8 values, in the Swift function's order of operations.
__attribute__((target("avx2"), always_inline)) static inline __m256 fast_tanh(__m256 x, __m256 negativeLimit,
                                                                                   __m256 limit) {
    const float (*c)[8] = synrl_fast_tanh_coefficient_vectors;
    __asm__ volatile("" ::: "memory");  // each call reads the table anew: no load hoisted into a register
    // Swift's min(max(x, −c), c) returns x when it is NaN; maxps and minps return their second operand when
    // either is NaN, so x goes second.
    const __m256 clamped = _mm256_min_ps(limit, _mm256_max_ps(negativeLimit, x));
    const __m256 x2 = _mm256_mul_ps(clamped, clamped);
    __m256 p = _mm256_mul_ps(_mm256_load_ps(c[0]), x2);
    p = _mm256_add_ps(p, _mm256_load_ps(c[1]));
    p = _mm256_add_ps(_mm256_mul_ps(p, x2), _mm256_load_ps(c[2]));
    p = _mm256_add_ps(_mm256_mul_ps(p, x2), _mm256_load_ps(c[3]));
    p = _mm256_add_ps(_mm256_mul_ps(p, x2), _mm256_load_ps(c[4]));
    p = _mm256_add_ps(_mm256_mul_ps(p, x2), _mm256_load_ps(c[5]));
    p = _mm256_add_ps(_mm256_mul_ps(p, x2), _mm256_load_ps(c[6]));
    __m256 q = _mm256_mul_ps(_mm256_load_ps(c[7]), x2);
    q = _mm256_add_ps(q, _mm256_load_ps(c[8]));
    q = _mm256_add_ps(_mm256_mul_ps(q, x2), _mm256_load_ps(c[9]));
    q = _mm256_add_ps(_mm256_mul_ps(q, x2), _mm256_load_ps(c[10]));
    return _mm256_div_ps(_mm256_mul_ps(clamped, p), q);
}

/// Makes the compiler take `value` as computed from `predecessor` (no instruction; the processor sees no such
/// dependency): the block's vectors are then scheduled one after another, each needing only a few registers,
/// instead of interleaved until their temporaries spill.
__attribute__((target("avx2"), always_inline)) static inline void after(__m256 *value, __m256 predecessor) {
    __asm__ volatile("" : "+x"(*value) : "x"(predecessor));
}

/// V · 8 points (V a constant after inlining): each sum starts at v[0], takes every unit's share in unit order,
/// then its tanh. Within a unit: (bias + w0 · x0) + w1 · x1, as Swift evaluates it.
__attribute__((target("avx2"), always_inline)) static inline void forward_vectors(
    const float *hidden, size_t hiddenUnits, const float *output, const float *x0, const float *x1, const int V,
    float *y) {
    const __m256 limit = _mm256_set1_ps(0x1.f9f09ep+2f), negativeLimit = _mm256_set1_ps(-0x1.f9f09ep+2f);
    __m256 sums[VECTORS_PER_BLOCK];
#pragma clang loop unroll(full)
    for (int k = 0; k < V; k++) sums[k] = _mm256_broadcast_ss(output);
    for (size_t unit = 0; unit < hiddenUnits; unit++) {
        const __m256 bias = _mm256_broadcast_ss(hidden + 3 * unit), w1 = _mm256_broadcast_ss(hidden + 3 * unit + 2),
                     v = _mm256_broadcast_ss(output + 1 + unit);
        __m256 w0 = _mm256_broadcast_ss(hidden + 3 * unit + 1);
#pragma clang loop unroll(full)
        for (int k = 0; k < V; k++) {
            if (k > 0) after(&w0, sums[k - 1]);
            __m256 a = _mm256_add_ps(bias, _mm256_mul_ps(w0, _mm256_loadu_ps(x0 + 8 * k)));
            a = _mm256_add_ps(a, _mm256_mul_ps(w1, _mm256_loadu_ps(x1 + 8 * k)));
            sums[k] = _mm256_add_ps(sums[k], _mm256_mul_ps(v, fast_tanh(a, negativeLimit, limit)));
        }
    }
#pragma clang loop unroll(full)
    for (int k = 0; k < V; k++) _mm256_storeu_ps(y + 8 * k, fast_tanh(sums[k], negativeLimit, limit));
}

/// Fewer than 8 points, through a zero-padded vector (lanes do not interact); only `count` outputs are written.
__attribute__((target("avx2"))) static void forward_tail(const float *hidden, size_t hiddenUnits,
                                                          const float *output, const float *x0, const float *x1,
                                                          size_t count, float *y) {
    float paddedX0[8] = {0}, paddedX1[8] = {0}, paddedY[8];
    for (size_t p = 0; p < count; p++) { paddedX0[p] = x0[p]; paddedX1[p] = x1[p]; }
    forward_vectors(hidden, hiddenUnits, output, paddedX0, paddedX1, 1, paddedY);
    for (size_t p = 0; p < count; p++) y[p] = paddedY[p];
}

__attribute__((target("avx2"))) void synrl_two_input_tanh_forward_avx2(
    const float *hidden, size_t hiddenUnits, const float *output, const float *x0, const float *x1, size_t count,
    float *y) {
    size_t p = 0;
    for (; p + 8 * VECTORS_PER_BLOCK <= count; p += 8 * VECTORS_PER_BLOCK)
        forward_vectors(hidden, hiddenUnits, output, x0 + p, x1 + p, VECTORS_PER_BLOCK, y + p);
    for (; p + 8 <= count; p += 8) forward_vectors(hidden, hiddenUnits, output, x0 + p, x1 + p, 1, y + p);
    if (p < count) forward_tail(hidden, hiddenUnits, output, x0 + p, x1 + p, count - p, y + p);
}

#endif
