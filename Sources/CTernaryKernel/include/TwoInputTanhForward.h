#ifndef SYNRL_TWO_INPUT_TANH_FORWARD_H
#define SYNRL_TWO_INPUT_TANH_FORWARD_H

#include <stddef.h>

/// The fused forward pass of a 2-H-1 tanh network (Swift's `TwoInputTanhForward`), for p < count:
///
///     y[p] = tanh(v[0] + Σⱼ v[1 + j] · tanh(hidden[3j] + hidden[3j + 1] · x0[p] + hidden[3j + 2] · x1[p])),
///
/// j = 0…hiddenUnits − 1 in order, tanh being Swift's `FastTanh.tanh`. Each point's arithmetic is the Swift
/// kernel's, operation for operation (no FMA), so the two agree bit for bit.

/// The AVX2 kernel: 32 points at a time with their outputs in registers, all units swept per block.
/// Call only where synrl_cpu_has_avx2() returns 1.
void synrl_two_input_tanh_forward_avx2(const float *hidden, size_t hiddenUnits, const float *output,
                                       const float *x0, const float *x1, size_t count, float *y);

#endif
