export { createDispatch, type Dispatch, type DispatchOptions } from './dispatch';
export { handlers, type Handlers } from './handlers';
export { actorOf, type Ctx, type DispatchCtx } from './context';
