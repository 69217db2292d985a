"""``view(a, start, shape)``: a C-contiguous view of ``shape`` on the elements of ``a`` from
``start`` on, for the kernels to carve buffers without ``reshape``.

Why not ``a[start:stop].reshape(shape)``: Numba compiles every ``reshape`` call site into a
generic shape check with a formatted error, several hundred lines of LLVM IR each: seconds of a
cold start in all. The layer kernels view their own (T, Bc, ·) buffers as (T*Bc, ·) matrices,
whose sizes the shapes already fix, so the check has nothing to catch. No bounds are checked:
callers pass ``a`` C-contiguous and large enough; the tests compare every pass with NumPy
twins.
"""

from numba import types
from numba.core import cgutils
from numba.core.imputils import impl_ret_borrowed
from numba.extending import intrinsic
from numba.np.arrayobj import make_array, populate_array


@intrinsic
def view(typingctx, a, start, shape):
    """Array(a.dtype, len(shape), 'C') on a's data from flat element ``start``; shares a's
    memory (and keeps it alive)."""
    if not (isinstance(a, types.Array) and a.layout == "C" and isinstance(start, types.Integer)
            and isinstance(shape, types.UniTuple) and isinstance(shape.dtype, types.Integer)):
        return None
    ndim = shape.count
    result = types.Array(a.dtype, ndim, "C")

    def codegen(context, builder, signature, args):
        a_val, start_val, shape_val = args
        src = make_array(a)(context, builder, a_val)
        out = make_array(result)(context, builder)
        intp = context.get_value_type(types.intp)
        itemsize = context.get_constant(types.intp,
                                        context.get_abi_sizeof(context.get_data_type(a.dtype)))
        dims = [builder.sext(d, intp) if d.type.width < intp.width else d
                for d in cgutils.unpack_tuple(builder, shape_val, ndim)]
        strides, step = [], itemsize
        for d in reversed(dims):
            strides.insert(0, step)
            step = builder.mul(step, d)
        offset = context.cast(builder, start_val, start, types.intp)
        data = builder.gep(src.data, [offset], inbounds=True)
        populate_array(out, data=data, shape=dims, strides=strides, itemsize=itemsize,
                       meminfo=src.meminfo, parent=src.parent)
        return impl_ret_borrowed(context, builder, result, out._getvalue())

    return result(a, start, shape), codegen
