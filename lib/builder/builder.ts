/**
 * `Builder.factory(config)`: the root of the chain, as the PHP SDK's `WeChatPay\Builder`.
 */
import { ClientDecorator } from '../client/client-decorator';
import type { ClientConfig } from '../client/config';
import type { ChainRoot } from './chainable';
import { NodeFactory } from './node';

export class Builder {
  private constructor() {}

  /** Validates the config (throwing InvalidArgumentException naming the field) and returns the root node. */
  static factory(config: ClientConfig): ChainRoot {
    const driver = new ClientDecorator(config);
    return new NodeFactory(driver).root() as ChainRoot;
  }
}
